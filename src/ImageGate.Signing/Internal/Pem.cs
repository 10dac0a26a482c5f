using System.Security.Cryptography;
using System.Text;

namespace ImageGate.Signing.Internal;

/// <summary>PEM helpers.</summary>
internal static class Pem
{
    public static string Encode(string label, ReadOnlySpan<byte> der) => new string(PemEncoding.Write(label, der)) + "\n";

    /// <summary>The DER bytes of the first PEM block with <paramref name="label"/>, or null.</summary>
    public static byte[]? Decode(string text, string label)
    {
        var span = text.AsSpan();
        while (PemEncoding.TryFind(span, out var fields))
        {
            if (span[fields.Label].SequenceEqual(label))
                return Convert.FromBase64String(span[fields.Base64Data].ToString());
            span = span[fields.Location.End.Value..];
        }
        return null;
    }

    public static byte[]? Decode(byte[] bytes, string label) => Decode(Encoding.UTF8.GetString(bytes), label);
}

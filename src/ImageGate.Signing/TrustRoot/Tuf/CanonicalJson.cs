using System.Numerics;
using System.Text;
using System.Text.Json;

namespace ImageGate.Signing.TrustRoot.Tuf;

/// <summary>OLPC canonical JSON as securesystemslib writes it (what TUF signs): objects with their keys sorted by
/// code point, no whitespace, strings escaping only <c>"</c> and <c>\</c>, integers only. A document that has no
/// canonical form (a fraction, a duplicate key) is rejected.</summary>
internal static class CanonicalJson
{
    public static byte[] Serialize(JsonElement element)
    {
        var buffer = new MemoryStream();
        Write(element, buffer, 0);
        return buffer.ToArray();
    }

    private static void Write(JsonElement e, MemoryStream output, int depth)
    {
        if (depth > 64) throw new FormatException("JSON nested too deeply");
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new List<(byte[] Name, JsonElement Value)>();
                foreach (var p in e.EnumerateObject()) members.Add((Encoding.UTF8.GetBytes(p.Name), p.Value));
                // Byte order of UTF-8 is code point order.
                members.Sort((a, b) => a.Name.AsSpan().SequenceCompareTo(b.Name));
                output.WriteByte((byte)'{');
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0)
                    {
                        if (members[i].Name.AsSpan().SequenceEqual(members[i - 1].Name))
                            throw new FormatException($"duplicate key '{Encoding.UTF8.GetString(members[i].Name)}'");
                        output.WriteByte((byte)',');
                    }
                    WriteString(members[i].Name, output);
                    output.WriteByte((byte)':');
                    Write(members[i].Value, output, depth + 1);
                }
                output.WriteByte((byte)'}');
                break;
            case JsonValueKind.Array:
                output.WriteByte((byte)'[');
                var first = true;
                foreach (var item in e.EnumerateArray())
                {
                    if (!first) output.WriteByte((byte)',');
                    first = false;
                    Write(item, output, depth + 1);
                }
                output.WriteByte((byte)']');
                break;
            case JsonValueKind.String:
                WriteString(Encoding.UTF8.GetBytes(e.GetString()!), output);
                break;
            case JsonValueKind.Number:
                var raw = e.GetRawText();
                if (!BigInteger.TryParse(raw, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n))
                    throw new FormatException($"'{raw}' is not an integer (canonical JSON has integers only)");
                output.Write(Encoding.ASCII.GetBytes(n.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                break;
            case JsonValueKind.True: output.Write("true"u8); break;
            case JsonValueKind.False: output.Write("false"u8); break;
            case JsonValueKind.Null: output.Write("null"u8); break;
            default: throw new FormatException($"unexpected JSON value {e.ValueKind}");
        }
    }

    private static void WriteString(byte[] utf8, MemoryStream output)
    {
        output.WriteByte((byte)'"');
        foreach (var b in utf8)
        {
            if (b is (byte)'"' or (byte)'\\') output.WriteByte((byte)'\\');
            output.WriteByte(b);
        }
        output.WriteByte((byte)'"');
    }
}

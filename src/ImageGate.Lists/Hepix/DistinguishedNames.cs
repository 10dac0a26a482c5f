using System.Security.Cryptography.X509Certificates;

namespace ImageGate.Lists.Hepix;

/// <summary>X.509 names in the OpenSSL slash form HEPiX image lists use (<c>/C=DE/O=GermanGrid/CN=Name</c>).</summary>
public static class DistinguishedNames
{
    private static readonly Dictionary<string, string> ShortNames = new(StringComparer.Ordinal)
    {
        ["2.5.4.3"] = "CN", ["2.5.4.6"] = "C", ["2.5.4.7"] = "L", ["2.5.4.8"] = "ST", ["2.5.4.10"] = "O", ["2.5.4.11"] = "OU",
        ["2.5.4.5"] = "serialNumber", ["1.2.840.113549.1.9.1"] = "emailAddress", ["0.9.2342.19200300.100.1.25"] = "DC",
        ["0.9.2342.19200300.100.1.1"] = "UID",
    };

    /// <summary>The slash form of <paramref name="name"/>, in encoding order.</summary>
    public static string SlashForm(X500DistinguishedName name)
    {
        var parts = new List<string>();
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames(reversed: false))
        {
            if (rdn.HasMultipleElements) continue;
            var oid = rdn.GetSingleElementType().Value ?? "";
            var type = ShortNames.TryGetValue(oid, out var s) ? s : oid;
            parts.Add($"/{type}={rdn.GetSingleElementValue()}");
        }
        return string.Concat(parts);
    }

    /// <summary>True when <paramref name="expected"/>, written either way (<c>/C=CH/O=X/CN=Y</c> or <c>CN=Y, O=X, C=CH</c>),
    /// names <paramref name="actual"/>, ignoring the order of its parts and spacing.</summary>
    public static bool Same(string expected, X500DistinguishedName actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        static string[] Parts(string dn, bool slashes) =>
            (slashes ? dn.Split('/', StringSplitOptions.RemoveEmptyEntries) : dn.Split(',', StringSplitOptions.RemoveEmptyEntries))
            .Select(p => p.Trim())
            .Select(p => { var kv = p.Split('=', 2); return kv.Length == 2 ? $"{kv[0].Trim().ToUpperInvariant()}={kv[1].Trim()}" : p; })
            .Select(p => p.Replace("EMAILADDRESS=", "E=", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        var e = Parts(expected, expected.StartsWith('/'));
        var a = Parts(actual.Name, false);
        return e.SequenceEqual(a);
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ImageGate.Core.Packages;
using ImageGate.Scanning.Inventory;

namespace ImageGate.Scanning.Sbom;

/// <summary>Writes CycloneDX 1.6 JSON: the image as the metadata component (with its digests), the OS as an
/// <c>operating-system</c> component, every package as a component with purl, licence and properties, and the
/// dependency graph (image → OS → packages).</summary>
public static class CycloneDxWriter
{
    /// <summary>Writes the document.</summary>
    public static void Write(SbomSubject subject, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(subject);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        var serial = SHA256.HashData(Encoding.UTF8.GetBytes($"{subject.Image.Name}\n{subject.Image.Sha256}\n{subject.Created:O}"));
        serial[6] = (byte)((serial[6] & 0x0F) | 0x50);
        serial[8] = (byte)((serial[8] & 0x3F) | 0x80);
        var uuid = new Guid(serial.AsSpan(0, 16), bigEndian: true);
        w.WriteStartObject();
        w.WriteString("$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
        w.WriteString("bomFormat", "CycloneDX");
        w.WriteString("specVersion", "1.6");
        w.WriteString("serialNumber", $"urn:uuid:{uuid}");
        w.WriteNumber("version", 1);
        w.WriteStartObject("metadata");
        w.WriteString("timestamp", subject.Created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        w.WriteStartObject("tools");
        w.WriteStartArray("components");
        w.WriteStartObject();
        w.WriteString("type", "application");
        w.WriteString("name", "imagegate");
        w.WriteString("version", Scanner.ToolVersion);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject("component");
        w.WriteString("bom-ref", "image");
        w.WriteString("type", "file");
        w.WriteString("name", subject.Image.Name);
        if (subject.Image.Sha256 is not null)
        {
            w.WriteStartArray("hashes");
            Hash(w, "SHA-256", subject.Image.Sha256);
            if (subject.Image.Sha512 is not null) Hash(w, "SHA-512", subject.Image.Sha512);
            w.WriteEndArray();
        }
        w.WriteStartArray("properties");
        Property(w, "imagegate:format", subject.Image.Format);
        if (subject.Image.Size is { } size) Property(w, "imagegate:size", size.ToString(CultureInfo.InvariantCulture));
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartArray("components");
        var osRef = subject.Os is null ? null : "os";
        if (subject.Os is { } os)
        {
            w.WriteStartObject();
            w.WriteString("bom-ref", osRef);
            w.WriteString("type", "operating-system");
            w.WriteString("name", os.Id);
            if (os.VersionId is not null) w.WriteString("version", os.VersionId);
            if (os.PrettyName is not null) w.WriteString("description", os.PrettyName);
            w.WriteEndObject();
        }
        var refs = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in subject.Packages)
        {
            var purl = PackageUrl.For(p, subject.Os);
            var bomRef = purl;
            for (var n = 2; !seen.Add(bomRef); n++) bomRef = $"{purl}#{n}";
            refs.Add(bomRef);
            w.WriteStartObject();
            w.WriteString("bom-ref", bomRef);
            w.WriteString("type", "library");
            w.WriteString("name", p.Name);
            w.WriteString("version", p.Version);
            if (p.License is { } lic)
            {
                w.WriteStartArray("licenses");
                w.WriteStartObject();
                // A lone LicenseRef goes as license.name; anything else (AND, OR, WITH, parentheses) as the expression.
                if (!CopyrightLicenses.IsLicenseRef(lic) || lic.Contains(' ', StringComparison.Ordinal))
                    w.WriteString("expression", lic);
                else
                {
                    w.WriteStartObject("license");
                    w.WriteString("name", lic["LicenseRef-".Length..]);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
                w.WriteEndArray();
            }
            w.WriteString("purl", purl);
            w.WriteStartArray("properties");
            Property(w, "imagegate:package-type", p.Type == PackageType.Deb ? "deb" : "rpm");
            Property(w, "imagegate:architecture", p.Architecture);
            if (p.SourceName is not null) Property(w, "imagegate:source-name", p.SourceName);
            if (p.SourceVersion is not null) Property(w, "imagegate:source-version", p.SourceVersion);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("dependencies");
        w.WriteStartObject();
        w.WriteString("ref", "image");
        w.WriteStartArray("dependsOn");
        if (osRef is not null) w.WriteStringValue(osRef); else foreach (var r in refs) w.WriteStringValue(r);
        w.WriteEndArray();
        w.WriteEndObject();
        if (osRef is not null)
        {
            w.WriteStartObject();
            w.WriteString("ref", osRef);
            w.WriteStartArray("dependsOn");
            foreach (var r in refs) w.WriteStringValue(r);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Hash(Utf8JsonWriter w, string alg, string content)
    {
        w.WriteStartObject();
        w.WriteString("alg", alg);
        w.WriteString("content", content);
        w.WriteEndObject();
    }

    private static void Property(Utf8JsonWriter w, string name, string value)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("value", value);
        w.WriteEndObject();
    }
}

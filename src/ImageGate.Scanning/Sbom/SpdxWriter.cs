using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ImageGate.Core.Packages;
using ImageGate.Scanning.Inventory;

namespace ImageGate.Scanning.Sbom;

/// <summary>Writes SPDX 2.3 JSON: the image as the described package (with its digests), the OS as the package
/// <c>SPDXRef-OperatingSystem</c>, every installed package with its purl and declared licence, CONTAINS relationships
/// (image → OS → packages), and every LicenseRef declared.</summary>
public static class SpdxWriter
{
    private const string ImageId = "SPDXRef-Image";

    // Readers such as Trivy recognise the operating system by this SPDXID prefix.
    private const string OsId = "SPDXRef-OperatingSystem";

    /// <summary>Writes the document.</summary>
    public static void Write(SbomSubject subject, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var refs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("spdxVersion", "SPDX-2.3");
        w.WriteString("dataLicense", "CC0-1.0");
        w.WriteString("SPDXID", "SPDXRef-DOCUMENT");
        w.WriteString("name", $"imagegate-{subject.Image.Name}");
        var ns = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{subject.Image.Name}\n{subject.Image.Sha256}\n{subject.Created:O}\n{subject.Packages.Count}")).AsSpan(0, 16));
        w.WriteString("documentNamespace", $"https://spdx.org/spdxdocs/imagegate-{Id(subject.Image.Name)}-{ns}");
        w.WriteStartObject("creationInfo");
        w.WriteString("created", subject.Created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        w.WriteStartArray("creators"); w.WriteStringValue($"Tool: imagegate-{Scanner.ToolVersion}"); w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartArray("documentDescribes"); w.WriteStringValue(ImageId); w.WriteEndArray();
        w.WriteStartArray("packages");
        w.WriteStartObject();
        w.WriteString("SPDXID", ImageId);
        w.WriteString("name", subject.Image.Name);
        w.WriteString("downloadLocation", "NOASSERTION");
        w.WriteBoolean("filesAnalyzed", false);
        w.WriteString("primaryPackagePurpose", subject.Image.Format == "directory" ? "OTHER" : "FILE");
        if (subject.Image.Sha256 is not null)
        {
            w.WriteStartArray("checksums");
            Checksum(w, "SHA256", subject.Image.Sha256);
            if (subject.Image.Sha512 is not null) Checksum(w, "SHA512", subject.Image.Sha512);
            w.WriteEndArray();
        }
        w.WriteString("licenseConcluded", "NOASSERTION");
        w.WriteString("licenseDeclared", "NOASSERTION");
        w.WriteString("copyrightText", "NOASSERTION");
        w.WriteString("comment", $"The scanned image ({subject.Image.Format}); the packages listed are those its package database records as installed");
        w.WriteEndObject();
        if (subject.Os is { } os)
        {
            w.WriteStartObject();
            w.WriteString("SPDXID", OsId);
            w.WriteString("name", os.Id);
            if (os.VersionId is not null) w.WriteString("versionInfo", os.VersionId);
            w.WriteString("downloadLocation", "NOASSERTION");
            w.WriteBoolean("filesAnalyzed", false);
            // No primaryPackagePurpose: SPDX 2.3's text says OPERATING-SYSTEM, its JSON schema as tagged says
            // OPERATING_SYSTEM (later revisions use the hyphen); either value fails one of them. The SPDXID prefix and the
            // comment say what this package is.
            w.WriteString("comment", "The operating system, from /etc/os-release (ID and VERSION_ID)");
            w.WriteString("licenseConcluded", "NOASSERTION");
            w.WriteString("licenseDeclared", "NOASSERTION");
            w.WriteString("copyrightText", "NOASSERTION");
            if (os.PrettyName is not null) w.WriteString("description", os.PrettyName);
            w.WriteEndObject();
        }
        var ids = new List<string>();
        for (var i = 0; i < subject.Packages.Count; i++)
        {
            var p = subject.Packages[i];
            var id = $"SPDXRef-Package-{(p.Type == PackageType.Deb ? "deb" : "rpm")}-{Id(p.Name)}-{i}";
            ids.Add(id);
            w.WriteStartObject();
            w.WriteString("SPDXID", id);
            w.WriteString("name", p.Name);
            w.WriteString("versionInfo", p.Version);
            w.WriteString("downloadLocation", "NOASSERTION");
            w.WriteBoolean("filesAnalyzed", false);
            if (SourceInfo(p) is { } sourceInfo) w.WriteString("sourceInfo", sourceInfo);
            w.WriteString("licenseConcluded", "NOASSERTION");
            w.WriteString("licenseDeclared", p.License is { } lic ? Track(lic, refs) : "NOASSERTION");
            w.WriteString("copyrightText", "NOASSERTION");
            w.WriteString("primaryPackagePurpose", "LIBRARY");
            w.WriteStartArray("externalRefs");
            w.WriteStartObject();
            w.WriteString("referenceCategory", "PACKAGE-MANAGER");
            w.WriteString("referenceType", "purl");
            w.WriteString("referenceLocator", PackageUrl.For(p, subject.Os));
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("relationships");
        Relationship(w, "SPDXRef-DOCUMENT", "DESCRIBES", ImageId);
        var parent = ImageId;
        if (subject.Os is not null)
        {
            Relationship(w, ImageId, "CONTAINS", OsId);
            parent = OsId;
        }
        foreach (var id in ids) Relationship(w, parent, "CONTAINS", id);
        w.WriteEndArray();
        if (refs.Count > 0)
        {
            w.WriteStartArray("hasExtractedLicensingInfos");
            foreach (var (id, name) in refs)
            {
                w.WriteStartObject();
                w.WriteString("licenseId", id);
                w.WriteString("name", name);
                w.WriteString("extractedText", $"The licence named \"{name}\" in the package's copyright or License tag; see the package's own licence text.");
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    /// <summary>"built package from: NAME VERSION", the form SPDX producers such as Trivy write and read back.</summary>
    private static string? SourceInfo(InstalledPackage p) =>
        p.SourceName is { } src && p.SourceVersion is { } version && !src.Contains(' ', StringComparison.Ordinal) && !version.Contains(' ', StringComparison.Ordinal)
            ? $"built package from: {src} {version}"
            : null;

    private static string Track(string expression, SortedDictionary<string, string> refs)
    {
        foreach (var word in expression.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var term = word.Trim('(', ')');
            if (CopyrightLicenses.IsLicenseRef(term)) refs.TryAdd(term, term["LicenseRef-".Length..]);
        }
        return expression;
    }

    private static void Checksum(Utf8JsonWriter w, string algorithm, string value)
    {
        w.WriteStartObject();
        w.WriteString("algorithm", algorithm);
        w.WriteString("checksumValue", value);
        w.WriteEndObject();
    }

    private static void Relationship(Utf8JsonWriter w, string from, string type, string to)
    {
        w.WriteStartObject();
        w.WriteString("spdxElementId", from);
        w.WriteString("relationshipType", type);
        w.WriteString("relatedSpdxElement", to);
        w.WriteEndObject();
    }

    private static string Id(string name)
    {
        var sb = new StringBuilder();
        foreach (var c in name) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-');
        return sb.ToString();
    }
}

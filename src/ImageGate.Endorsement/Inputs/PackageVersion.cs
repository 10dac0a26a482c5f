using System.Text.Json;

namespace ImageGate.Endorsement.Inputs;

/// <summary>An installed package's name and version, as an SBOM lists it.</summary>
/// <param name="Name">The package name.</param>
/// <param name="Version">Its version.</param>
public sealed record PackageVersion(string Name, string Version)
{
    /// <summary>The licence (SPDX expression) the SBOM or report gives, when it gives one.</summary>
    public string? License { get; init; }

    /// <summary>Reads the installed packages from an SBOM: SPDX 2.3 <c>packages[].name/versionInfo</c>, CycloneDX
    /// <c>components[].name/version</c>, or a plain <c>packages[].name/version</c> array. The image and the operating
    /// system, which both SBOM formats also list, are not packages: CycloneDX components of type
    /// <c>operating-system</c> or <c>file</c> are left out, and where SPDX packages carry purls, those without one.</summary>
    public static IReadOnlyList<PackageVersion> FromSbom(ReadOnlyMemory<byte> json, string path)
    {
        using var doc = JsonFields.Parse(json, path, "SBOM");
        var root = doc.RootElement;
        if (JsonFields.Get(root, "components") is { ValueKind: JsonValueKind.Array })
            return FromArray(JsonFields.Array(root, "components").Where(c => JsonFields.String(c, "type") is not ("operating-system" or "file")));
        if (JsonFields.Get(root, "packages") is { ValueKind: JsonValueKind.Array })
        {
            var packages = JsonFields.Array(root, "packages").Where(p => p.ValueKind == JsonValueKind.Object).ToList();
            return FromArray(packages.Any(HasPurl) ? packages.Where(HasPurl) : packages);
        }
        throw new Core.Errors.BadInputException("the SBOM has neither 'packages' (SPDX) nor 'components' (CycloneDX)", path);
    }

    private static bool HasPurl(JsonElement package) =>
        JsonFields.Get(package, "externalRefs") is { ValueKind: JsonValueKind.Array } refs
        && refs.EnumerateArray().Any(r => r.ValueKind == JsonValueKind.Object && JsonFields.String(r, "referenceType") == "purl");

    internal static IReadOnlyList<PackageVersion> FromArray(IEnumerable<JsonElement> items) =>
        items.Where(p => p.ValueKind == JsonValueKind.Object)
            .Select(p => (Name: JsonFields.String(p, "name"), Version: JsonFields.String(p, "versionInfo") ?? JsonFields.String(p, "version"), License: LicenseOf(p)))
            .Where(p => !string.IsNullOrEmpty(p.Name))
            .Select(p => new PackageVersion(p.Name!, p.Version ?? "") { License = p.License })
            .ToList();

    /// <summary>SPDX <c>licenseDeclared</c> (or <c>licenseConcluded</c>; NOASSERTION and NONE are none), CycloneDX
    /// <c>licenses[].expression</c> or <c>licenses[].license.id</c> (joined with AND), or a report's <c>license</c>.</summary>
    private static string? LicenseOf(JsonElement p)
    {
        static string? Spdx(string? s) => s is null or "NOASSERTION" or "NONE" ? null : s;
        var direct = Spdx(JsonFields.String(p, "licenseDeclared")) ?? Spdx(JsonFields.String(p, "licenseConcluded")) ?? JsonFields.String(p, "license");
        if (direct is not null) return direct;
        if (JsonFields.Get(p, "licenses") is not { ValueKind: JsonValueKind.Array } licenses) return null;
        var parts = licenses.EnumerateArray().Where(l => l.ValueKind == JsonValueKind.Object)
            .Select(l => JsonFields.String(l, "expression") ?? JsonFields.String(l, "license", "id") ?? JsonFields.String(l, "license", "name"))
            .OfType<string>().ToList();
        return parts.Count == 0 ? null : parts.Count == 1 ? parts[0] : string.Join(" AND ", parts.Select(x => x.Contains(' ', StringComparison.Ordinal) ? $"({x})" : x));
    }
}

using ImageGate.Core.Packages;

namespace ImageGate.Scanning.Sbom;

/// <summary>Package URLs (purl) for installed packages: <c>pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&amp;distro=debian-12</c>.</summary>
public static class PackageUrl
{
    /// <summary>The purl of <paramref name="package"/> on <paramref name="os"/>.</summary>
    public static string For(InstalledPackage package, OsRelease? os)
    {
        ArgumentNullException.ThrowIfNull(package);
        // The purl namespace is the distribution's vendor: os-release's ID, except Red Hat's "rhel" (purl-spec uses "redhat").
        var ns = os?.Id is { } id ? (id == "rhel" ? "redhat" : id) : package.Type == PackageType.Deb ? "debian" : "redhat";
        var type = package.Type == PackageType.Deb ? "deb" : "rpm";
        var version = package.Version;
        var qualifiers = new List<string> { $"arch={Escape(package.Architecture)}" };
        if (package.Type == PackageType.Rpm)
        {
            var colon = version.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0) { qualifiers.Add($"epoch={Escape(version[..colon])}"); version = version[(colon + 1)..]; }
        }
        if (os?.VersionId is { } v) qualifiers.Add($"distro={Escape($"{os.Id}-{v}")}");
        if (package.SourceName is { } src && src != package.Name) qualifiers.Add($"upstream={Escape(src)}");
        qualifiers.Sort(StringComparer.Ordinal);
        return $"pkg:{type}/{Escape(ns)}/{Escape(package.Name)}@{Escape(version)}?{string.Join('&', qualifiers)}";
    }

    private static string Escape(string s) => Uri.EscapeDataString(s);
}

namespace ImageGate.Core.Packages;

/// <summary>One installed binary package, as the image's package database records it.</summary>
/// <param name="Type">The package manager.</param>
/// <param name="Name">Binary package name.</param>
/// <param name="Version">Full version: dpkg <c>[epoch:]upstream[-revision]</c>, rpm <c>[epoch:]version-release</c>.</param>
/// <param name="Architecture">Architecture as the package manager names it (amd64, x86_64, noarch, all).</param>
public sealed record InstalledPackage(PackageType Type, string Name, string Version, string Architecture)
{
    /// <summary>Source package name, when it differs from or is recorded beside the binary name.</summary>
    public string? SourceName { get; init; }

    /// <summary>Source package version, when recorded.</summary>
    public string? SourceVersion { get; init; }

    /// <summary>SPDX licence expression, when the image records one machine-readably.</summary>
    public string? License { get; init; }

    /// <summary>dpkg's <c>Section</c> field (e.g. <c>non-free/libs</c>; its prefix names the archive area), when recorded.</summary>
    public string? Section { get; init; }

    /// <summary>The repository the package manager installed it from, when the image records it (rpm: the repo id in
    /// dnf's history or yum's yumdb, e.g. <c>baseos</c>, or dnf's <c>@commandline</c> for a local file).</summary>
    public string? Repository { get; init; }

    /// <summary>True when the package manager holds the package back from upgrades (dpkg's selection <c>hold</c>, as
    /// <c>apt-mark hold</c> or <c>dpkg --set-selections</c> set it); null otherwise (so records without it stay unchanged).</summary>
    public bool? Held { get; init; }
}

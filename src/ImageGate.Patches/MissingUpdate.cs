namespace ImageGate.Patches;

/// <summary>One installed package that has a newer version available.</summary>
/// <param name="Package">Binary package name.</param>
/// <param name="Arch">Architecture of the installed package.</param>
/// <param name="InstalledVersion">The version in the image.</param>
/// <param name="FixedVersion">The highest version the security repository or advisory offers.</param>
/// <param name="Advisories">Advisories naming the package (EL updateinfo; empty where the metadata has none, as in apt).</param>
/// <param name="Repository">The repository offering it (URL and suite, or the yum repository id).</param>
public sealed record MissingUpdate(string Package, string Arch, string InstalledVersion, string FixedVersion,
    IReadOnlyList<Advisory> Advisories, string Repository);

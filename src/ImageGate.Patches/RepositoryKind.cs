namespace ImageGate.Patches;

/// <summary>The kind of package repository.</summary>
public enum RepositoryKind
{
    /// <summary>An apt repository (InRelease, Packages).</summary>
    Deb,
    /// <summary>A yum/dnf repository (repomd.xml, primary, updateinfo).</summary>
    Rpm,
}

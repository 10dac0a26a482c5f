namespace ImageGate.Core.Packages;

/// <summary>The package manager a package was installed by.</summary>
public enum PackageType
{
    /// <summary>dpkg (Debian, Ubuntu).</summary>
    Deb,
    /// <summary>rpm (EL, Fedora, SUSE).</summary>
    Rpm,
}

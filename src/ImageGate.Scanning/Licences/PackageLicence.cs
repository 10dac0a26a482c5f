using ImageGate.Core.Packages;

namespace ImageGate.Scanning.Licences;

/// <summary>The licence classification of one installed package.</summary>
/// <param name="Package">The package.</param>
/// <param name="Expression">The SPDX expression as recorded (null when none is).</param>
/// <param name="Area">The Debian archive area (<c>main</c>, <c>contrib</c>, <c>non-free</c>, <c>non-free-firmware</c>); null for rpm.</param>
/// <param name="Category">The expression's category: the most restrictive of an AND, the least of an OR.</param>
/// <param name="Verdict">What the policy says of the expression.</param>
/// <param name="Denied">The denied ids the expression cannot avoid (empty unless <paramref name="Verdict"/> is Denied).</param>
public sealed record PackageLicence(InstalledPackage Package, string? Expression, string? Area, LicenceCategory Category, LicenceVerdict Verdict,
    IReadOnlyList<string> Denied)
{
    /// <summary>True when the package comes from a non-free area (dpkg) or repository (rpm: one the policy lists as
    /// non-free, or none recorded while the policy lists <see cref="LicencePolicy.UnknownRepository"/>).</summary>
    public bool NonFree { get; init; }

    /// <summary>The rpm repository the package was installed from (dnf's history, yum's yumdb), null when none is
    /// recorded; always null for dpkg.</summary>
    public string? Repository { get; init; }
}

namespace ImageGate.Patches;

/// <summary>A security advisory (ALSA/RLSA/RHSA/FEDORA …) as the repository metadata states it.</summary>
/// <param name="Id">Advisory id.</param>
/// <param name="Severity">Severity as published (Critical, Important, Moderate, Low), when present.</param>
/// <param name="Title">Title, when present.</param>
public sealed record Advisory(string Id, string? Severity, string? Title)
{
    /// <summary>CVE ids the advisory references.</summary>
    public IReadOnlyList<string> Cves { get; init; } = [];

    /// <summary>Issue date as published, when present.</summary>
    public string? Issued { get; init; }
}

namespace ImageGate.Patches;

/// <summary>The signed metadata one repository supplied: where it came from, how fresh it is, what was verified.</summary>
/// <param name="Repository">The repository (deb: <c>URI suite</c>; rpm: the repo id and base URL).</param>
/// <param name="Url">URL of the signed file as the image configures it (InRelease, Release or repomd.xml).</param>
/// <param name="Date">The file's own date (Release <c>Date</c>, repomd <c>revision</c>/timestamp), when present.</param>
/// <param name="Digest">SHA-256 of the signed file, <c>sha256:…</c>.</param>
/// <param name="Security">True when the repository is recognised as a security repository (or carries security advisories).</param>
public sealed record RepositoryMetadata(string Repository, string Url, DateTimeOffset? Date, string Digest, bool Security)
{
    /// <summary>Where the file was really read from (after <c>--mirror</c> or <c>--metadata-dir</c>).</summary>
    public string? FetchedFrom { get; init; }

    /// <summary><c>Valid-Until</c>, when the release file states it.</summary>
    public DateTimeOffset? ValidUntil { get; init; }

    /// <summary>Fingerprint of the primary key whose signature was good; null when the repository is unsigned.</summary>
    public string? SignedBy { get; init; }

    /// <summary>Origin, Label, Suite and Codename of an apt release file.</summary>
    public string? Origin { get; init; }

    /// <summary>Label of an apt release file.</summary>
    public string? Label { get; init; }

    /// <summary>Suite of an apt release file.</summary>
    public string? Suite { get; init; }

    /// <summary>Codename of an apt release file.</summary>
    public string? Codename { get; init; }

    /// <summary>Index files used, with their SHA-256 (<c>path sha256:…</c>).</summary>
    public IReadOnlyList<string> Indexes { get; init; } = [];
}

namespace ImageGate.Patches;

/// <summary>One repository an image is configured with, self-contained (trusted keys included) so that a recorded
/// inventory can be re-checked later without the image.</summary>
/// <param name="Kind">deb (apt) or rpm (yum/dnf).</param>
/// <param name="Id">A stable name: deb <c>URI suite</c>, rpm the repo id.</param>
/// <param name="BaseUrls">deb: the archive URI; rpm: the baseurl(s), already with $releasever/$basearch substituted.</param>
public sealed record RepositorySource(RepositoryKind Kind, string Id, IReadOnlyList<string> BaseUrls)
{
    /// <summary>deb: the suite (or flat path ending in <c>/</c>).</summary>
    public string? Suite { get; init; }

    /// <summary>deb: the components (main, contrib …).</summary>
    public IReadOnlyList<string> Components { get; init; } = [];

    /// <summary>deb: the architectures to read (from the image's dpkg); rpm: the base architecture.</summary>
    public IReadOnlyList<string> Architectures { get; init; } = [];

    /// <summary>rpm: mirrorlist or metalink URL, tried when the base URLs fail.</summary>
    public string? MirrorList { get; init; }

    /// <summary>rpm: true when the URL in <see cref="MirrorList"/> is a metalink.</summary>
    public bool IsMetalink { get; init; }

    /// <summary>The public keys the image trusts for this repository (binary or armoured OpenPGP).</summary>
    public IReadOnlyList<TrustedKey> Keys { get; init; } = [];

    /// <summary>rpm: gpgkey URLs outside the image, fetched at check time.</summary>
    public IReadOnlyList<string> KeyUrls { get; init; } = [];

    /// <summary>deb <c>trusted=yes</c> or rpm <c>repo_gpgcheck=0</c> without a signature: metadata is used unverified, with a finding.</summary>
    public bool AllowUnsigned { get; init; }

    /// <summary>Where the image configures it (file path inside the image).</summary>
    public string? ConfiguredIn { get; init; }

    /// <summary>True when the image configures this repository with credentials (<c>user:password@</c> in a URL):
    /// they were removed from every URL here, and the repository is fetched only through an operator's
    /// <c>--mirror</c> or <c>--metadata-dir</c>, never with the image's credentials.</summary>
    public bool CredentialsRemoved { get; init; }

    /// <summary>This source with the user information removed from its id and every URL (<see cref="RepositoryUrl"/>),
    /// <see cref="CredentialsRemoved"/> set when there was any: what is shown, stored and fetched.</summary>
    public RepositorySource WithoutCredentials()
    {
        var urls = BaseUrls.Append(Id).Concat(KeyUrls);
        if (MirrorList is not null) urls = urls.Append(MirrorList);
        if (!urls.Any(RepositoryUrl.HasUserInfo)) return this;
        return this with
        {
            Id = string.Join(' ', Id.Split(' ').Select(RepositoryUrl.Redact)),
            BaseUrls = BaseUrls.Select(RepositoryUrl.Redact).ToList(),
            MirrorList = MirrorList is null ? null : RepositoryUrl.Redact(MirrorList),
            KeyUrls = KeyUrls.Select(RepositoryUrl.Redact).ToList(),
            CredentialsRemoved = true,
        };
    }
}

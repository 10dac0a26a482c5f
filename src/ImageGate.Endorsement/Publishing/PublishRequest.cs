using ImageGate.Endorsement.Git;
using ImageGate.Endorsement.Hosting;

namespace ImageGate.Endorsement.Publishing;

/// <summary>Everything <see cref="ListPublisher"/> needs.</summary>
public sealed record PublishRequest
{
    /// <summary>The list repository.</summary>
    public required ListRepository Repository { get; init; }

    /// <summary>The branch that holds the endorsements.</summary>
    public string Base { get; init; } = "main";

    /// <summary>The folder the files are written to.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>How long the list stays valid (default <see cref="ListExpiry.Default"/>), unless <see cref="ExpiresAt"/> is given.</summary>
    public TimeSpan ExpiresIn { get; init; } = ListExpiry.Default;

    /// <summary>An absolute expiry time.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The endorser identity to state in the lists.</summary>
    public required EndorserIdentity Endorser { get; init; }

    /// <summary>Signs endorsed-images.json.</summary>
    public required IListSigner Signer { get; init; }

    /// <summary>Verifies a previously published list (output folder, release asset) against the publisher's own signer
    /// before its version counts; without it, previous lists are ignored (with a warning) and the version is the time.</summary>
    public IPublishedListVerifier? PreviousListVerifier { get; init; }

    /// <summary>After signing, make the registries' endorsed tags follow the list (<c>--registry-sync</c>), or null.</summary>
    public IRegistryTagSync? RegistrySync { get; init; }

    /// <summary>With <see cref="RegistrySync"/>: print the plan, change no tag.</summary>
    public bool RegistrySyncDryRun { get; init; }

    /// <summary>Write imagelist.hepix.json too.</summary>
    public bool Hepix { get; init; }

    /// <summary>Write the static HTML catalogue (<c>index.html</c> and one page per image) too.</summary>
    public bool Html { get; init; }

    /// <summary>The S/MIME signer certificate (PEM) for the HEPiX list, with <see cref="HepixSignerKeyPath"/>.</summary>
    public string? HepixSignerCertificatePath { get; init; }

    /// <summary>The S/MIME signer private key (PEM).</summary>
    public string? HepixSignerKeyPath { get; init; }

    /// <summary>The HEPiX list's title (<c>dc:title</c>).</summary>
    public string Title { get; init; } = "ImageGate endorsed images";

    /// <summary>Where the HEPiX list will be published (<c>hv:uri</c>).</summary>
    public string? ListUri { get; init; }

    /// <summary>Create or update this release (tag) with the files, through <see cref="Host"/>.</summary>
    public string? ReleaseTag { get; init; }

    /// <summary>The repository host for releases and for the previous list version.</summary>
    public IRepositoryHost? Host { get; init; }

    /// <summary>The virtual organisation the images are for: every HEPiX image's <c>ad:group</c>.</summary>
    public string? Vo { get; init; }

    /// <summary>A page or address of the endorser: every HEPiX image's <c>ad:user:uri</c> (default <c>mailto:</c> the endorser's e-mail).</summary>
    public string? EndorserUri { get; init; }
}

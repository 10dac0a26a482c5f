using ImageGate.Site.Sources;
using ImageGate.Site.Verification;

namespace ImageGate.Site.Sync;

/// <summary>What one <c>site sync</c> does.</summary>
public sealed record SiteSyncOptions
{
    /// <summary>The list: an http(s) URL or a local file.</summary>
    public required string List { get; init; }

    /// <summary>The list's bundle; default: the list's location with <c>.sigstore.json</c> appended.</summary>
    public string? Bundle { get; init; }

    /// <summary>Who must have signed the list.</summary>
    public required SignerIdentity Signer { get; init; }

    /// <summary>The cache folder: <c>images/</c>, <c>expired/</c>, state files and the lock.</summary>
    public required string Cache { get; init; }

    /// <summary>Disk formats to fetch (lower case); empty: all.</summary>
    public IReadOnlyList<string> Formats { get; init; } = [];

    /// <summary>Images blocked locally: <c>NAME@VERSION</c>, or <c>NAME</c> for every version.</summary>
    public IReadOnlyList<string> Blocked { get; init; } = [];

    /// <summary>A shell command run (with <c>/bin/sh -c</c>) for every change, with <c>IMAGEGATE_EVENT</c> and the image's metadata in its environment.</summary>
    public string? Hook { get; init; }

    /// <summary>How long a hook may run before it is killed.</summary>
    public TimeSpan HookTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How long expired images stay in <c>expired/</c> before they are deleted.</summary>
    public TimeSpan KeepExpired { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How long to wait for another sync on the same cache to finish; zero fails at once.</summary>
    public TimeSpan LockWait { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The working directory relative file locations are resolved against.</summary>
    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>Environment variables the hook inherits (besides the <c>IMAGEGATE_…</c> ones set per event).</summary>
    public IReadOnlyDictionary<string, string>? HookEnvironment { get; init; }

    /// <summary>Downloads images that have only an <c>oci</c> location; null: such images are per-image failures.</summary>
    public Sources.IOciImageSource? Oci { get; init; }

    /// <summary>The trusted image signers: who may have signed the Sigstore bundles attached to an <c>oci</c> image's
    /// artifact (in the GitHub flow: the build repositories' workflows — a site takes images from several VOs' build
    /// repositories —, not the list repository's <c>publish-list.yml</c>). Each attached bundle must verify against one of
    /// them, in this order; the sync reports which (<see cref="SyncEvent.Signer"/>). Empty: the attached bundles are not
    /// checked, the image is installed on the strength of the signed list's sha256 and sha512, and the sync says so
    /// (<see cref="ImageBundleCheck.NotChecked"/>). The list's <see cref="Signer"/> is never used for images.</summary>
    public IReadOnlyList<SignerIdentity> ImageSigners { get; init; } = [];

    /// <summary>Checks a Sigstore bundle attached to an <c>oci</c> image's artifact against one of <see cref="ImageSigners"/>
    /// (the one it is given) before the image enters the cache; null while <see cref="ImageSigners"/> is not empty: an
    /// image with an attached bundle is a per-image failure (never installed unchecked).</summary>
    public IImageBundleVerifier? ImageBundles { get; init; }

    /// <summary>HTTP retries, timeouts and deadlines.</summary>
    public SiteHttpOptions Http { get; init; } = new();
}

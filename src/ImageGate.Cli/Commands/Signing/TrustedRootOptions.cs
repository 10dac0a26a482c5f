using System.CommandLine;
using ImageGate.Core.Errors;
using ImageGate.Signing.TrustRoot;
using ImageGate.Signing.TrustRoot.Tuf;

namespace ImageGate.Cli.Commands.Signing;

/// <summary>The options that choose the Sigstore trusted root, shared by every verb that signs or verifies:
/// <c>--trusted-root FILE</c> wins; else <c>--tuf-url</c> (with <c>--tuf-root</c>, <c>--tuf-cache</c>) refreshes it
/// through that TUF repository (the cache is used offline while valid); else the embedded public-good snapshot,
/// with no network.</summary>
public sealed class TrustedRootOptions
{
    /// <summary>Creates the options; <paramref name="fileDescription"/> describes <c>--trusted-root</c> for the verb.</summary>
    public TrustedRootOptions(string fileDescription) =>
        File = new Option<FileInfo?>("--trusted-root") { Description = fileDescription };

    /// <summary>A trusted_root.json file (highest precedence).</summary>
    public Option<FileInfo?> File { get; }

    /// <summary>The TUF repository to refresh the trusted root from.</summary>
    public Option<string?> TufUrl { get; } = new("--tuf-url")
    {
        Description = "Get the trusted root through this TUF repository (e.g. https://tuf-repo-cdn.sigstore.dev), cached and used offline while valid",
    };

    /// <summary>The initial root metadata of a private TUF repository.</summary>
    public Option<FileInfo?> TufRoot { get; } = new("--tuf-root")
    {
        Description = "Initial root metadata (N.root.json) of a private TUF repository (the public-good one is embedded)",
    };

    /// <summary>The TUF cache folder.</summary>
    public Option<DirectoryInfo?> TufCache { get; } = new("--tuf-cache")
    {
        Description = "TUF cache folder (default: $XDG_CACHE_HOME/imagegate/tuf/<url-hash>, or ~/.cache/…)",
    };

    /// <summary>Adds the four options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(File);
        command.Options.Add(TufUrl);
        command.Options.Add(TufRoot);
        command.Options.Add(TufCache);
    }

    /// <summary>The trusted root by precedence: <c>--trusted-root</c>, the TUF repository of <c>--tuf-url</c>, the
    /// embedded public-good snapshot.</summary>
    public async Task<TrustedRoot> ResolveAsync(CommandContext context, CancellationToken cancellationToken)
    {
        if (context.Get(File) is { } file) return TrustedRoot.Load(context.Environment.ResolvePath(file.ToString()));
        if (context.Get(TufUrl) is not { } url)
        {
            if (context.Get(TufRoot) is not null || context.Get(TufCache) is not null)
                throw new BadInputException("--tuf-root and --tuf-cache need --tuf-url (the TUF repository to use)");
            return TrustedRoot.PublicGood;
        }
        using var client = CreateClient(context, url, context.Get(TufRoot), context.Get(TufCache));
        return (await client.GetTrustedRootAsync(cancellationToken).ConfigureAwait(false)).TrustedRoot;
    }

    /// <summary>A TUF client for <paramref name="url"/> with the initial root file and cache folder given (or defaults).</summary>
    internal static TufClient CreateClient(CommandContext context, string url, FileInfo? initialRoot, DirectoryInfo? cache)
    {
        var env = context.Environment;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new BadInputException($"--tuf-url must be an http(s) URL, found '{url}'");
        byte[]? rootBytes = null;
        string rootSource = "initial root";
        if (initialRoot is not null)
        {
            rootSource = env.ResolvePath(initialRoot.ToString());
            if (!System.IO.File.Exists(rootSource)) throw new BadInputException("TUF root file not found", rootSource);
            if (new FileInfo(rootSource).Length > 512 * 1024) throw new BadInputException("TUF root file is larger than 512 KiB", rootSource);
            rootBytes = System.IO.File.ReadAllBytes(rootSource);
        }
        var cacheDir = cache is not null ? env.ResolvePath(cache.ToString()) : TufClient.DefaultCacheDirectory(uri, env.Get);
        return new TufClient(new TufClientOptions
        {
            RepositoryUrl = uri,
            CacheDirectory = cacheDir,
            InitialRoot = rootBytes,
            InitialRootSource = rootSource,
        }, env.Time);
    }
}

using System.Security.Cryptography;
using System.Text;
using ImageGate.Core.Errors;
using ImageGate.Core.IO;

namespace ImageGate.Signing.TrustRoot.Tuf;

/// <summary>A TUF 1.0 client (specification section 5, top-level roles only) that refreshes Sigstore's
/// <c>trusted_root.json</c> target: root rotation (each <c>N+1.root.json</c> signed by a threshold of the old and of its
/// own root keys, version exactly N+1), root expiry, timestamp/snapshot/targets signatures, versions, rollback and
/// expiry, length and hashes, bounded downloads, and a local cache that is used offline while it is still valid.</summary>
public sealed class TufClient : IDisposable
{
    private const long MaxRootBytes = 512 * 1024;
    private const long MaxTimestampBytes = 16 * 1024;
    private const long MaxSnapshotBytes = 2 * 1024 * 1024;
    private const long MaxTargetsBytes = 5 * 1024 * 1024;
    private const long MaxTrustedRootBytes = 4 * 1024 * 1024;
    private const int MaxRootRotations = 64;
    private const string TargetName = "trusted_root.json";

    private readonly TufClientOptions _options;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly TimeProvider _time;
    private readonly TufFetcher _fetcher;
    private readonly Uri _base;

    /// <summary>Creates a client; nothing is read or fetched until a method is called. <paramref name="time"/> is the
    /// clock metadata expiry is checked against (default: the system clock).</summary>
    public TufClient(TufClientOptions options, TimeProvider? time = null) : this(options, null, time ?? TimeProvider.System) { }

    internal TufClient(TufClientOptions options, HttpClient? http, TimeProvider time)
    {
        _options = options;
        _ownsHttp = http is null;
        _http = http ?? new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(15) }) { Timeout = Timeout.InfiniteTimeSpan };
        _time = time;
        _fetcher = new TufFetcher(_http, options.RequestTimeout);
        var url = options.RepositoryUrl.AbsoluteUri;
        _base = new Uri(url.EndsWith('/') ? url : url + "/");
    }

    /// <summary>Sigstore's public-good TUF repository (the default mirror).</summary>
    public static Uri PublicGoodUrl { get; } = new("https://tuf-repo-cdn.sigstore.dev/");

    /// <summary>The embedded initial root of the public-good repository (from <c>@sigstore/tuf</c>'s seed).</summary>
    public static byte[] PublicGoodInitialRoot => EmbeddedRoot.Value;

    private static readonly Lazy<byte[]> EmbeddedRoot = new(() =>
    {
        using var stream = typeof(TufClient).Assembly.GetManifestResourceStream("ImageGate.Signing.public-good-tuf-root.json")
            ?? throw new InvalidOperationException("the embedded public-good TUF root is missing");
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        return ms.ToArray();
    });

    /// <summary>The default cache folder for a repository: <c>$XDG_CACHE_HOME/imagegate/tuf/&lt;url-hash&gt;</c>, or
    /// <c>~/.cache/imagegate/tuf/&lt;url-hash&gt;</c>; <paramref name="environment"/> reads variables.</summary>
    public static string DefaultCacheDirectory(Uri repositoryUrl, Func<string, string?> environment)
    {
        var xdg = environment("XDG_CACHE_HOME");
        var home = environment("HOME") is { Length: > 0 } h ? h : System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);
        var root = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg) ? xdg : Path.Combine(home, ".cache");
        return Path.Combine(root, "imagegate", "tuf", UrlHash(repositoryUrl));
    }

    private static string UrlHash(Uri url) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url.AbsoluteUri.TrimEnd('/'))))[..16];

    /// <summary>The trusted root from the cache when all its metadata is still valid (no network), else from a full
    /// <see cref="UpdateAsync"/>. An unusable cache without network is a <c>tuf-unreachable</c> error.</summary>
    public async Task<TufUpdateResult> GetTrustedRootAsync(CancellationToken cancellationToken = default)
    {
        if (TryFromCache(_time.GetUtcNow(), out var whyNot) is { } cached) return cached;
        try
        {
            return await UpdateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TufUnavailableException ex) when (ex.Reason == TufReasons.Unreachable)
        {
            throw new TufUnavailableException(TufReasons.Unreachable,
                $"cannot refresh the trusted root ({ex.Message}) and the cache {_options.CacheDirectory} cannot be used offline: {whyNot}", ex);
        }
    }

    /// <summary>Runs the TUF client workflow against the repository (always online) and caches what it verified.</summary>
    public async Task<TufUpdateResult> UpdateAsync(CancellationToken cancellationToken = default)
    {
        var start = _time.GetUtcNow();
        Directory.CreateDirectory(_options.CacheDirectory);
        var root = LoadTrustedRoot();
        var fetched = new List<long>();

        // 5.3: root rotation, N+1 until the repository has no more.
        for (var i = 0; i < MaxRootRotations; i++)
        {
            var next = root.Version + 1;
            var name = $"{next}.root.json";
            var bytes = await _fetcher.GetAsync(new Uri(_base, name), MaxRootBytes, name, missingIsNull: true, cancellationToken).ConfigureAwait(false);
            if (bytes is null) break;
            var candidate = Parse(bytes, TufMetadata.Root, name);
            var (byOld, oldThreshold) = candidate.CountSignatures(root, TufMetadata.Root);
            if (byOld < oldThreshold)
                throw Reject(TufReasons.RootSignature, $"{name} is signed by {byOld} of the root keys of trusted root v{root.Version}, {oldThreshold} needed");
            if (candidate.Version != next)
                throw Reject(TufReasons.RootVersion, $"{name} has version {candidate.Version}, expected {next}");
            var (byNew, newThreshold) = candidate.CountSignatures(candidate, TufMetadata.Root);
            if (byNew < newThreshold)
                throw Reject(TufReasons.RootSignature, $"{name} is signed by {byNew} of its own root keys, {newThreshold} needed");
            root = candidate;
            fetched.Add(next);
            WriteCache("root.json", bytes);
        }
        if (root.IsExpired(start)) throw Reject(TufReasons.RootExpired, $"root v{root.Version} expired at {Stamp(root.Expires)}");

        // 5.4: timestamp.
        var trustedTimestamp = LoadCachedSigned("timestamp.json", TufMetadata.Timestamp, root, MaxTimestampBytes);
        var tsBytes = await Fetch("timestamp.json", MaxTimestampBytes, cancellationToken).ConfigureAwait(false);
        var timestamp = Parse(tsBytes, TufMetadata.Timestamp, "timestamp.json");
        RequireSigned(timestamp, root, TufMetadata.Timestamp, "timestamp.json");
        if (trustedTimestamp is not null)
        {
            if (timestamp.Version < trustedTimestamp.Version)
                throw Reject(TufReasons.Rollback, $"timestamp.json has version {timestamp.Version}, older than the trusted version {trustedTimestamp.Version}");
            var (newSnap, oldSnap) = (timestamp.Meta["snapshot.json"].Version, trustedTimestamp.Meta["snapshot.json"].Version);
            if (newSnap < oldSnap)
                throw Reject(TufReasons.Rollback, $"timestamp.json names snapshot version {newSnap}, older than the trusted {oldSnap}");
            if (timestamp.Version == trustedTimestamp.Version) timestamp = trustedTimestamp;
        }
        if (timestamp.IsExpired(start)) throw Reject(TufReasons.TimestampExpired, $"timestamp.json v{timestamp.Version} expired at {Stamp(timestamp.Expires)}");
        WriteCache("timestamp.json", timestamp.Raw);

        // 5.5: snapshot (no listed file may disappear or go back in version against the trusted snapshot).
        var snapshot = await LoadRoleAsync(TufMetadata.Snapshot, timestamp.Meta["snapshot.json"], "timestamp.json", root, MaxSnapshotBytes, start,
            (name, fresh, trusted) =>
            {
                foreach (var (file, old) in trusted.Meta)
                {
                    if (!fresh.Meta.TryGetValue(file, out var now))
                        throw Reject(TufReasons.Rollback, $"{name} no longer lists {file} (trusted snapshot v{trusted.Version} had version {old.Version})");
                    if (now.Version < old.Version)
                        throw Reject(TufReasons.Rollback, $"{name} lists {file} version {now.Version}, older than the trusted {old.Version}");
                }
            }, cancellationToken).ConfigureAwait(false);

        // 5.6: top-level targets.
        var targets = await LoadRoleAsync(TufMetadata.Targets, snapshot.Meta["targets.json"], "snapshot", root, MaxTargetsBytes, start, null,
            cancellationToken).ConfigureAwait(false);

        // The trusted_root.json target (top-level targets only; delegations are not searched).
        if (!targets.TargetFiles.TryGetValue(TargetName, out var target))
            throw Reject(TufReasons.TargetMissing, $"targets v{targets.Version} does not list {TargetName}");
        if (target.Length > MaxTrustedRootBytes)
            throw Reject(TufReasons.TooLarge, $"{TargetName} is listed with {target.Length} bytes, more than the {MaxTrustedRootBytes} allowed");
        var targetPath = Path.Combine(_options.CacheDirectory, TargetName);
        var content = ReadCached(TargetName, MaxTrustedRootBytes);
        if (content is null || LengthAndHashProblem(content, target.Length, target.Hashes) is not null)
        {
            var prefix = target.Hashes.TryGetValue("sha256", out var sha) ? sha : target.Hashes.First().Value;
            var name = root.ConsistentSnapshot ? $"targets/{prefix}.{TargetName}" : $"targets/{TargetName}";
            try { content = await Fetch(name, target.Length, cancellationToken).ConfigureAwait(false); }
            catch (TufRepositoryException ex) when (ex.Reason == TufReasons.TooLarge)
            {
                throw Reject(TufReasons.TargetLength, $"{name} is longer than the {target.Length} bytes targets v{targets.Version} lists");
            }
            if (LengthAndHashProblem(content, target.Length, target.Hashes) is { } problem)
                throw Reject(content.Length != target.Length ? TufReasons.TargetLength : TufReasons.TargetHash, $"{name} does not match targets v{targets.Version}: {problem}");
            WriteCache(TargetName, content);
        }
        var trusted = TrustedRoot.Parse(content, $"{TargetName} from TUF {_base} (targets v{targets.Version})");
        return Result(trusted, false, fetched, root, timestamp, snapshot, targets, content, targetPath);
    }

    private TufUpdateResult? TryFromCache(DateTimeOffset now, out string whyNot)
    {
        try
        {
            var rootBytes = ReadCached("root.json", MaxRootBytes);
            if (rootBytes is null) { whyNot = "it has no root metadata"; return null; }
            var root = Parse(rootBytes, TufMetadata.Root, "cached root.json");
            RequireSigned(root, root, TufMetadata.Root, "cached root.json");
            if (root.IsExpired(now)) { whyNot = $"root v{root.Version} expired at {Stamp(root.Expires)}"; return null; }
            var timestamp = CachedValid("timestamp.json", TufMetadata.Timestamp, root, MaxTimestampBytes, null, now, out whyNot);
            if (timestamp is null) return null;
            var snapshot = CachedValid("snapshot.json", TufMetadata.Snapshot, root, MaxSnapshotBytes, timestamp.Meta["snapshot.json"], now, out whyNot);
            if (snapshot is null) return null;
            var targets = CachedValid("targets.json", TufMetadata.Targets, root, MaxTargetsBytes, snapshot.Meta["targets.json"], now, out whyNot);
            if (targets is null) return null;
            if (!targets.TargetFiles.TryGetValue(TargetName, out var target)) { whyNot = $"targets does not list {TargetName}"; return null; }
            var content = ReadCached(TargetName, MaxTrustedRootBytes);
            if (content is null || LengthAndHashProblem(content, target.Length, target.Hashes) is { } p)
            {
                whyNot = $"the cached {TargetName} is missing or does not match targets v{targets.Version}";
                return null;
            }
            var trusted = TrustedRoot.Parse(content, $"{TargetName} from the TUF cache of {_base} (targets v{targets.Version})");
            whyNot = "";
            return Result(trusted, true, [], root, timestamp, snapshot, targets, content, Path.Combine(_options.CacheDirectory, TargetName));
        }
        catch (Exception ex) when (ex is TufRepositoryException or BadInputException or IOException or UnauthorizedAccessException)
        {
            whyNot = ex.Message;
            return null;
        }
    }

    private TufMetadata? CachedValid(string file, string type, TufMetadata root, long max, TufMetaFile? expected, DateTimeOffset now, out string whyNot)
    {
        var bytes = ReadCached(file, max);
        whyNot = "";
        if (bytes is null) { whyNot = $"it has no {file}"; return null; }
        var md = Parse(bytes, type, "cached " + file);
        RequireSigned(md, root, type, "cached " + file);
        if (expected is not null && (md.Version != expected.Version || LengthAndHashProblem(bytes, expected.Length, expected.Hashes) is not null))
            whyNot = $"the cached {file} (v{md.Version}) is not the version v{expected.Version} the cache names";
        else if (md.IsExpired(now))
            whyNot = $"{file} v{md.Version} expired at {Stamp(md.Expires)}";
        return whyNot.Length == 0 ? md : null;
    }

    /// <summary>5.2: the trusted root from the cache, else the initial root; either must be signed by itself.</summary>
    private TufMetadata LoadTrustedRoot()
    {
        var cachedPath = Path.Combine(_options.CacheDirectory, "root.json");
        if (ReadCached("root.json", MaxRootBytes) is { } cached)
        {
            try
            {
                var root = TufMetadata.Parse(cached, TufMetadata.Root);
                if (root.IsSignedBy(root, TufMetadata.Root)) return root;
                throw new BadInputException("the cached TUF root is not signed by its own root keys; delete the cache folder to start again from the initial root", cachedPath);
            }
            catch (FormatException ex)
            {
                throw new BadInputException($"the cached TUF root is malformed ({ex.Message}); delete the cache folder to start again from the initial root", cachedPath);
            }
        }
        byte[] initial;
        string source;
        if (_options.InitialRoot is { } given) (initial, source) = (given, _options.InitialRootSource);
        else if (_base.AbsoluteUri == PublicGoodUrl.AbsoluteUri) (initial, source) = (PublicGoodInitialRoot, "embedded public-good TUF root");
        else throw new BadInputException($"no trusted TUF root for {_base}: give the repository's initial root metadata (--tuf-root FILE)");
        TufMetadata first;
        try { first = TufMetadata.Parse(initial, TufMetadata.Root); }
        catch (FormatException ex) { throw new BadInputException($"not valid TUF root metadata: {ex.Message}", source); }
        var (valid, threshold) = first.CountSignatures(first, TufMetadata.Root);
        if (valid < threshold)
            throw new BadInputException($"the initial TUF root v{first.Version} is signed by {valid} of its own root keys, {threshold} needed", source);
        WriteCache("root.json", initial);
        return first;
    }

    /// <summary>Cached metadata whose signatures still verify against <paramref name="root"/> (expiry not checked: it
    /// serves rollback checks); cached metadata that no longer verifies (keys rotated) is deleted.</summary>
    /// <summary>Steps 5.5 and 5.6 for <paramref name="role"/> (snapshot or targets): the cached copy when it is the
    /// version <paramref name="meta"/> names, unexpired and matching its length and hashes; else the role fetched,
    /// checked against <paramref name="meta"/> (from <paramref name="namedBy"/>), signed by the root's keys for it, the
    /// named version, <paramref name="check"/> against the trusted copy, unexpired, and cached.</summary>
    private async Task<TufMetadata> LoadRoleAsync(string role, TufMetaFile meta, string namedBy, TufMetadata root, long maxBytes, DateTimeOffset start,
        Action<string, TufMetadata, TufMetadata>? check, CancellationToken cancellationToken)
    {
        var file = $"{role}.json";
        var trusted = LoadCachedSigned(file, role, root, maxBytes);
        if (trusted is not null && trusted.Version == meta.Version && !trusted.IsExpired(start)
            && LengthAndHashProblem(trusted.Raw, meta.Length, meta.Hashes) is null)
            return trusted;

        var name = root.ConsistentSnapshot ? $"{meta.Version}.{file}" : file;
        var bytes = await Fetch(name, Math.Min(meta.Length ?? maxBytes, maxBytes), cancellationToken).ConfigureAwait(false);
        if (LengthAndHashProblem(bytes, meta.Length, meta.Hashes) is { } problem)
            throw Reject($"tuf-{role}-hash", $"{name} does not match {namedBy}: {problem}");
        var fresh = Parse(bytes, role, name);
        RequireSigned(fresh, root, role, name);
        if (fresh.Version != meta.Version)
            throw Reject($"tuf-{role}-version", $"{name} has version {fresh.Version}, {namedBy} names {meta.Version}");
        if (trusted is not null) check?.Invoke(name, fresh, trusted);
        if (fresh.IsExpired(start)) throw Reject($"tuf-{role}-expired", $"{name} expired at {Stamp(fresh.Expires)}");
        WriteCache(file, bytes);
        return fresh;
    }

    private TufMetadata? LoadCachedSigned(string file, string type, TufMetadata root, long max)
    {
        var bytes = ReadCached(file, max);
        if (bytes is null) return null;
        try
        {
            var md = TufMetadata.Parse(bytes, type);
            if (md.IsSignedBy(root, type)) return md;
        }
        catch (FormatException) { }
        File.Delete(Path.Combine(_options.CacheDirectory, file));
        return null;
    }

    private byte[]? ReadCached(string file, long max)
    {
        var path = Path.Combine(_options.CacheDirectory, file);
        if (!File.Exists(path)) return null;
        var info = new FileInfo(path);
        if (info.Length > max) throw new BadInputException($"cached {file} is larger than {max} bytes", path);
        return File.ReadAllBytes(path);
    }

    private void WriteCache(string file, byte[] bytes) => AtomicFile.Write(Path.Combine(_options.CacheDirectory, file), bytes);

    private async Task<byte[]> Fetch(string name, long max, CancellationToken ct) =>
        (await _fetcher.GetAsync(new Uri(_base, name), max, name, missingIsNull: false, ct).ConfigureAwait(false))!;

    private static TufMetadata Parse(byte[] bytes, string type, string name)
    {
        try { return TufMetadata.Parse(bytes, type); }
        catch (FormatException ex) { throw Reject(TufReasons.MetadataMalformed, $"{name} is malformed: {ex.Message}"); }
    }

    private static void RequireSigned(TufMetadata md, TufMetadata root, string role, string name)
    {
        var (valid, threshold) = md.CountSignatures(root, role);
        if (valid < threshold)
            throw Reject($"tuf-{role}-signature", $"{name} is signed by {valid} of the {role} keys of root v{root.Version}, {threshold} needed");
    }

    /// <summary>Null when <paramref name="bytes"/> has the length and every hash given; else what differs.</summary>
    internal static string? LengthAndHashProblem(byte[] bytes, long? length, IReadOnlyDictionary<string, string>? hashes)
    {
        if (length is { } l && bytes.Length != l) return $"expected {l} bytes, found {bytes.Length}";
        foreach (var (algorithm, expected) in hashes ?? new Dictionary<string, string>())
        {
            byte[] actual = algorithm switch
            {
                "sha256" => SHA256.HashData(bytes),
                "sha384" => SHA384.HashData(bytes),
                "sha512" => SHA512.HashData(bytes),
                _ => [],
            };
            if (actual.Length == 0) return $"unsupported hash algorithm '{algorithm}'";
            var hex = Convert.ToHexStringLower(actual);
            if (hex != expected) return $"expected {algorithm} {expected}, found {hex}";
        }
        return null;
    }

    private TufUpdateResult Result(TrustedRoot trusted, bool fromCache, IReadOnlyList<long> fetched, TufMetadata root, TufMetadata timestamp,
        TufMetadata snapshot, TufMetadata targets, byte[] content, string targetPath) => new()
        {
            TrustedRoot = trusted,
            FromCache = fromCache,
            RepositoryUrl = _base,
            CacheDirectory = _options.CacheDirectory,
            RootVersionsFetched = fetched,
            RootVersion = root.Version,
            RootExpires = root.Expires,
            TimestampVersion = timestamp.Version,
            TimestampExpires = timestamp.Expires,
            SnapshotVersion = snapshot.Version,
            SnapshotExpires = snapshot.Expires,
            TargetsVersion = targets.Version,
            TargetsExpires = targets.Expires,
            TargetSha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
            TargetLength = content.Length,
            TargetPath = targetPath,
        };

    private static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    private static TufRepositoryException Reject(string reason, string message) => new(reason, message);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }
}

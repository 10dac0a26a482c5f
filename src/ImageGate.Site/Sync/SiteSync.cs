using ImageGate.Core.Errors;
using ImageGate.Core.IO;
using ImageGate.Lists.Reading;
using ImageGate.Site.Sources;
using ImageGate.Site.Verification;

namespace ImageGate.Site.Sync;

/// <summary><c>site sync</c>: fetches and verifies the endorsed list, downloads new endorsed images into the cache
/// (resumable, digest-checked, moved in atomically), moves images no longer endorsed to <c>expired/</c>, deletes
/// them after the keep period, runs the hook for every change, and records state atomically under a lock (once per
/// run, when anything changed).</summary>
public sealed class SiteSync
{
    /// <summary>The accepted list's file name in the cache (its bundle: the same + <c>.sigstore.json</c>).</summary>
    public const string ListFileName = ImageGate.Lists.ListContract.ListFile;

    /// <summary>The accepted S/MIME-signed HEPiX list's file name in the cache.</summary>
    public const string HepixFileName = "imagelist.smime";

    private readonly ISignatureVerifier _signatures;
    private readonly TimeProvider _time;

    /// <summary>Creates the use case.</summary>
    public SiteSync(ISignatureVerifier signatures, TimeProvider? time = null)
    {
        _signatures = signatures;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Called for every change as it happens (after its hook ran).</summary>
    public Action<SyncEvent>? OnEvent { get; init; }

    /// <summary>Called with a line of progress (downloads, warnings).</summary>
    public Action<string>? OnProgress { get; init; }

    /// <summary>Runs one sync. Throws <see cref="VerificationException"/> when the list is rejected (after expiring the
    /// cached images if the list expired); per-image problems are returned in <see cref="SyncResult.Failures"/>.</summary>
    public async Task<SyncResult> RunAsync(SiteSyncOptions options, CancellationToken cancellationToken)
    {
        var cache = Path.GetFullPath(options.Cache, options.WorkingDirectory);
        Directory.CreateDirectory(cache);
        using var _ = await CacheLock.AcquireAsync(cache, options.LockWait, _time, cancellationToken).ConfigureAwait(false);
        var run = new Run(this, options, cache, CacheState.Load(cache));
        return await run.ExecuteAsync(cancellationToken).ConfigureAwait(false);
    }

    private sealed class Run(SiteSync owner, SiteSyncOptions options, string cache, CacheState state)
    {
        private readonly List<SyncEvent> _events = [];
        private readonly List<SyncFailure> _failures = [];
        private readonly List<string> _deleted = [];
        // The cache's images by key (label and sha512), in the state file's order: list entries find theirs at once.
        private readonly OrderedDictionary<string, CachedImage> _images = Index(state.Images);
        private bool _changed;
        private long _listVersion;

        private string ImagesDir => Path.Combine(cache, "images");
        private string ExpiredDir => Path.Combine(cache, "expired");
        private string PartialDir => Path.Combine(cache, ".partial");
        private DateTimeOffset Now => owner._time.GetUtcNow();

        public async Task<SyncResult> ExecuteAsync(CancellationToken ct)
        {
            try
            {
                return await SyncAsync(ct).ConfigureAwait(false);
            }
            finally
            {
                // One atomic write of the state per run, whatever happened in it (a rejected list, a cancellation).
                if (_changed) (state with { Images = _images.Values.ToList() }).Save(cache);
            }
        }

        private async Task<SyncResult> SyncAsync(CancellationToken ct)
        {
            Directory.CreateDirectory(ImagesDir);
            Directory.CreateDirectory(ExpiredDir);
            Directory.CreateDirectory(PartialDir);
            var last = ListStateStore.Read(cache);
            _listVersion = last?.Version ?? 0;
            using var http = new HttpTransport(options.Http, owner._time);

            await RetryPendingHooksAsync(ct).ConfigureAwait(false);

            var listLocation = Location.Parse(options.List, options.WorkingDirectory);
            VerifiedList verified;
            try
            {
                verified = await new SignedListLoader(owner._signatures, owner._time, options.Http)
                    .LoadAsync(options.List, options.Bundle, options.Signer, cache, options.WorkingDirectory, ct).ConfigureAwait(false);
            }
            catch (ImageGateException ex)
            {
                // Freeze protection: once the last accepted list has expired (or the new one is expired), nothing in
                // the cache is endorsed any more, whatever stopped us from getting a fresh list.
                var expired = ex is VerificationException { Reason: ListReasons.ListExpired } || (last is not null && last.Expires <= Now);
                if (expired)
                {
                    OnProgress($"the endorsed list has expired: expiring every cached image ({ex.Message})");
                    await ExpireAllAsync(ListReasons.ListExpired, ct).ConfigureAwait(false);
                    Purge();
                }
                throw;
            }
            _listVersion = verified.List.Version;
            // Keep the accepted list and its bundle beside the images, for `site check` and audits.
            if (options.Signer.IsX509)
                WriteIfChanged(Path.Combine(cache, HepixFileName), verified.Content.Span);
            else
            {
                WriteIfChanged(Path.Combine(cache, ListFileName), verified.Content.Span);
                WriteIfChanged(Path.Combine(cache, ListFileName + ImageGate.Lists.ListContract.BundleSuffix), System.Text.Encoding.UTF8.GetBytes(verified.BundleJson));
            }
            await ApplyAsync(verified, listLocation, http, ct).ConfigureAwait(false);
            Purge();
            return new SyncResult(verified.List.Version, verified.List.Expires, _events, _failures, _images.Values.ToList(), _deleted);
        }

        private void OnProgress(string line) => owner.OnProgress?.Invoke(line);

        /// <summary>Writes the file atomically unless it already holds exactly <paramref name="content"/> (an unchanged list
        /// is read back, not rewritten and flushed again).</summary>
        private static void WriteIfChanged(string path, ReadOnlySpan<byte> content)
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length == content.Length && File.ReadAllBytes(path).AsSpan().SequenceEqual(content)) return;
            AtomicFile.Write(path, content);
        }

        private async Task ApplyAsync(VerifiedList verified, Location listLocation, HttpTransport http, CancellationToken ct)
        {
            var list = verified.List;
            var blocks = Blocking.BlockList.Parse(options.Blocked);
            var formats = options.Formats.Select(f => f.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
            bool IsBlocked(SiteImage i) => blocks.Blocks(i);
            bool FormatWanted(SiteImage i) => formats.Count == 0 || formats.Contains(i.Format);
            var listed = list.Images.ToDictionary(Key, StringComparer.Ordinal);

            // Images the cache holds that the list no longer endorses (or the site blocks or no longer wants) leave images/.
            foreach (var entry in _images.Values.ToList())
            {
                if (!listed.TryGetValue(Key(entry.Image), out var image))
                {
                    if (entry.Status == CachedImageStatus.Available)
                        await ExpireAsync(entry, "revoked-or-unlisted", SyncEventKind.Expired, ct).ConfigureAwait(false);
                    else if (entry.Path is null)
                        Replace(entry, null);
                }
                else if (IsBlocked(image))
                {
                    if (entry.Status != CachedImageStatus.Blocked)
                        await ExpireAsync(entry, "blocked", SyncEventKind.Blocked, ct).ConfigureAwait(false);
                }
                else if (!FormatWanted(image) && entry.Status == CachedImageStatus.Available)
                    await ExpireAsync(entry, "format-not-wanted", SyncEventKind.Expired, ct).ConfigureAwait(false);
            }

            foreach (var image in list.Images)
            {
                ct.ThrowIfCancellationRequested();
                var entry = _images.GetValueOrDefault(Key(image));
                if (IsBlocked(image))
                {
                    if (entry is null)
                    {
                        var blocked = new CachedImage(image, CachedImageStatus.Blocked, null, Now, "blocked");
                        Replace(null, blocked);
                        await EventAsync(SyncEventKind.Blocked, blocked, ct).ConfigureAwait(false);
                    }
                    continue;
                }
                if (!FormatWanted(image)) continue;
                if (entry is { Status: CachedImageStatus.Available } && HasFile(entry))
                    continue;
                try
                {
                    await BringInAsync(image, entry, listLocation, verified.Source, http, ct).ConfigureAwait(false);
                }
                catch (VerificationException ex)
                {
                    _failures.Add(new SyncFailure(image.Label, ex.Reason, ex.Message));
                    OnProgress($"{image.Label}: {ex.Message}");
                }
                catch (Exception ex) when (ex is ExternalToolException or BadInputException or IOException or UnauthorizedAccessException)
                {
                    _failures.Add(new SyncFailure(image.Label, "download-failed", ex.Message));
                    OnProgress($"{image.Label}: {ex.Message}");
                }
            }
        }

        /// <summary>Puts an endorsed image into images/: back from expired/ if it is still there, else downloaded.</summary>
        private async Task BringInAsync(SiteImage image, CachedImage? entry, Location listLocation, string listSource, HttpTransport http, CancellationToken ct)
        {
            var relative = CacheFileName.Available(image);
            var target = Path.Combine(cache, relative);
            (ImageBundleCheck Check, string? Signer)? bundle = null;
            if (entry is { Path: not null } && entry.Status != CachedImageStatus.Available && HasFile(entry))
            {
                File.Move(Path.Combine(cache, entry.Path), target, overwrite: true);
            }
            else if (File.Exists(target) && new FileInfo(target).Length == image.Size && await MatchesAsync(target, image, ct).ConfigureAwait(false))
            {
                OnProgress($"{image.Label}: adopting the verified file already at {target}");
            }
            else
            {
                var part = Path.Combine(PartialDir, image.Sha512[..32] + ".part");
                if (image.Uri is null && image.Oci is not null && options.Oci is not null)
                {
                    // The registry client checks the layer digest (the image's sha256) and size while streaming and
                    // writes the part file only when they match; the sha512 the list also gives is checked here.
                    OnProgress($"{image.Label}: downloading {image.Size} bytes from {image.Oci.Reference}");
                    await options.Oci.DownloadAsync(image.Oci, image.Size, part, ct).ConfigureAwait(false);
                    if (!await MatchesAsync(part, image, ct).ConfigureAwait(false))
                    {
                        File.Delete(part);
                        throw new VerificationException(ListReasons.ImageDigestMismatch, $"{image.Label}: the image from {image.Oci.Reference} does not have the listed sha512");
                    }
                    bundle = await VerifyAttachedBundlesAsync(image, part, ct).ConfigureAwait(false);
                }
                else
                {
                    var uri = listLocation.Resolve(image.Uri
                        ?? throw new BadInputException($"{image.Label}: the list gives only an OCI location ({image.Oci?.Reference}) and this sync has no registry access", listSource), listSource);
                    OnProgress($"{image.Label}: downloading {image.Size} bytes from {uri}");
                    await http.DownloadAsync(uri, part, image.Size, image.Sha256, image.Sha512, ct).ConfigureAwait(false);
                }
                File.Move(part, target, overwrite: true);
            }
            var available = new CachedImage(image, CachedImageStatus.Available, relative, Now);
            Replace(entry, available);
            await EventAsync(SyncEventKind.Available, available, ct, bundle?.Check, bundle?.Signer).ConfigureAwait(false);
        }

        /// <summary>With trusted image signers, every Sigstore bundle attached to the image's artifact as a referrer must
        /// verify over the downloaded file against one of them (tried in the order given); the signer it verified against
        /// is returned for the result. Otherwise the part file is deleted and the image is not installed. Without signers
        /// the bundles are not checked (never against the list's signer, which in the GitHub flow is another repository's
        /// workflow), and the progress output says so.</summary>
        private async Task<(ImageBundleCheck Check, string? Signer)> VerifyAttachedBundlesAsync(SiteImage image, string part, CancellationToken ct)
        {
            var oci = image.Oci!;
            var signers = options.ImageSigners;
            if (signers.Count == 0)
            {
                OnProgress($"{image.Label}: installed on the strength of the signed list's sha256 and sha512; Sigstore bundles attached to {oci.Reference} were not checked (no image signer: --image-key, --image-certificate-* or --image-signers)");
                return (ImageBundleCheck.NotChecked, null);
            }
            try
            {
                var bundles = await options.Oci!.ReadImageBundlesAsync(oci, ct).ConfigureAwait(false);
                if (bundles.Count == 0)
                {
                    OnProgress($"{image.Label}: {oci.Reference} has no Sigstore bundle attached; installed on the strength of the signed list's sha256 and sha512");
                    return (ImageBundleCheck.None, null);
                }
                var verifier = options.ImageBundles
                    ?? throw new VerificationException(ListReasons.ImageSignatureInvalid, $"{image.Label}: {oci.Reference} has a Sigstore bundle attached and this sync cannot verify it");
                var matched = new List<string>();
                foreach (var bundle in bundles)
                {
                    var refusals = new List<string>();
                    SignerIdentity? match = null;
                    foreach (var signer in signers)
                    {
                        try
                        {
                            await verifier.VerifyImageAsync(bundle, part, image.Sha256 ?? "", signer, ct).ConfigureAwait(false);
                            match = signer;
                            break;
                        }
                        catch (ImageGateException ex) when (ex is VerificationException or BadInputException)
                        {
                            refusals.Add(signers.Count == 1 ? ex.Message : $"{signer.Label}: {ex.Message}");
                        }
                    }
                    if (match is null)
                        throw new VerificationException(ListReasons.ImageSignatureInvalid, signers.Count == 1
                            ? $"{image.Label}: the Sigstore bundle attached to {oci.Reference} does not verify against the image signer {signers[0].Label}: {refusals[0]}; the image is not installed"
                            : $"{image.Label}: the Sigstore bundle attached to {oci.Reference} verifies against none of the {signers.Count} trusted image signers ({string.Join("; ", refusals)}); the image is not installed");
                    if (!matched.Contains(match.Label)) matched.Add(match.Label);
                }
                var by = string.Join(", ", matched);
                OnProgress($"{image.Label}: the Sigstore bundle attached to {oci.Reference} verifies against the image signer {by}");
                return (ImageBundleCheck.Verified, by);
            }
            catch
            {
                File.Delete(part);
                throw;
            }
        }

        private static async Task<bool> MatchesAsync(string path, SiteImage image, CancellationToken ct)
        {
            var sha512 = await FileDigests.Sha512Async(path, ct).ConfigureAwait(false);
            return sha512 == image.Sha512;
        }

        private async Task ExpireAllAsync(string reason, CancellationToken ct)
        {
            foreach (var entry in _images.Values.Where(e => e.Status == CachedImageStatus.Available).ToList())
                await ExpireAsync(entry, reason, SyncEventKind.Expired, ct).ConfigureAwait(false);
        }

        /// <summary>Moves an image out of images/ into expired/ (a blocked one too) and tells the hook.</summary>
        private async Task ExpireAsync(CachedImage entry, string reason, SyncEventKind kind, CancellationToken ct)
        {
            string? path = entry.Path;
            if (entry.Status == CachedImageStatus.Available)
            {
                var image = entry.Image;
                path = CacheFileName.Expired(image);
                var from = entry.Path is null ? null : Path.Combine(cache, entry.Path);
                if (from is not null && File.Exists(from))
                    File.Move(from, Path.Combine(cache, path), overwrite: true);
                else
                    path = null;
            }
            var status = kind == SyncEventKind.Blocked ? CachedImageStatus.Blocked : CachedImageStatus.Expired;
            var changed = entry with { Status = status, Path = path, Since = Now, Reason = reason, PendingEvent = null };
            Replace(entry, changed);
            await EventAsync(kind, changed, ct).ConfigureAwait(false);
        }

        /// <summary>Deletes expired files older than the keep period, and partial downloads nothing wants any more.</summary>
        private void Purge()
        {
            foreach (var entry in _images.Values.Where(e => e.Status != CachedImageStatus.Available && e.Path is not null).ToList())
            {
                if (entry.Since + options.KeepExpired > Now) continue;
                var full = Path.Combine(cache, entry.Path!);
                if (File.Exists(full)) File.Delete(full);
                _deleted.Add(full);
                OnProgress($"{entry.Image.Label}: deleted {full} (expired {entry.Since:u})");
                Replace(entry, entry.Status == CachedImageStatus.Blocked ? entry with { Path = null } : null);
            }
            var wanted = _images.Values.Select(e => e.Image.Sha512[..32] + ".part").ToHashSet(StringComparer.Ordinal);
            foreach (var part in Directory.EnumerateFiles(PartialDir, "*.part"))
                if (!wanted.Contains(Path.GetFileName(part)) && File.GetLastWriteTimeUtc(part) + options.KeepExpired < Now.UtcDateTime)
                    File.Delete(part);
        }

        private async Task RetryPendingHooksAsync(CancellationToken ct)
        {
            foreach (var entry in _images.Values.Where(e => e.PendingEvent is not null).ToList())
            {
                var cleared = entry with { PendingEvent = null };
                Replace(entry, cleared);
                await EventAsync(entry.PendingEvent!.Value, cleared, ct).ConfigureAwait(false);
            }
        }

        private async Task EventAsync(SyncEventKind kind, CachedImage entry, CancellationToken ct, ImageBundleCheck? bundle = null, string? signer = null)
        {
            var fullPath = entry.Path is null ? null : Path.Combine(cache, entry.Path);
            string? error = null;
            if (options.Hook is { Length: > 0 } hook)
            {
                var vars = HookRunner.Variables(kind, entry, fullPath, _listVersion, cache);
                error = await HookRunner.RunAsync(hook, vars, options.HookEnvironment, cache, options.HookTimeout, ct).ConfigureAwait(false);
                if (error is not null)
                {
                    Replace(entry, entry with { PendingEvent = kind });
                    OnProgress($"{entry.Image.Label}: {kind.ToString().ToLowerInvariant()} hook failed, it runs again at the next sync: {error}");
                }
            }
            var e = new SyncEvent(kind, entry, fullPath, error, bundle, signer);
            _events.Add(e);
            owner.OnEvent?.Invoke(e);
        }

        /// <summary>Replaces (or adds, or removes) an entry; the state is saved at the end of the run.</summary>
        private void Replace(CachedImage? old, CachedImage? now)
        {
            if (old is not null && now is null) _images.Remove(Key(old.Image));
            else if (now is not null)
            {
                if (old is not null && Key(old.Image) != Key(now.Image)) _images.Remove(Key(old.Image));
                _images[Key(now.Image)] = now;
            }
            _changed = true;
        }

        /// <summary>The state's images by key; should a hand-edited state name an image twice, the first entry counts (as before).</summary>
        private static OrderedDictionary<string, CachedImage> Index(List<CachedImage> images)
        {
            var index = new OrderedDictionary<string, CachedImage>(images.Count, StringComparer.Ordinal);
            foreach (var image in images) index.TryAdd(Key(image.Image), image);
            return index;
        }

        private bool HasFile(CachedImage entry)
        {
            if (entry.Path is null) return false;
            var info = new FileInfo(Path.Combine(cache, entry.Path));
            return info.Exists && info.Length == entry.Image.Size;
        }

        private static string Key(SiteImage i) => $"{i.Label}#{i.Sha512}";
    }
}

using System.Globalization;
using System.Text.Json;
using ImageGate.Core.Errors;
using ImageGate.Core.IO;
using ImageGate.Distribution.Client;

namespace ImageGate.Distribution.Push;

/// <summary>The <c>push</c> use case: a disk image as a single-layer OCI artifact shaped like EGI's (oras 1.2:
/// empty config, layer[0] = the image file with EGI's and Glance's annotations), tagged, with the Sigstore bundle,
/// SBOM and scan report attached as referrers. A re-push of the same image uploads and writes nothing, and with a
/// <see cref="Sha256Cache"/> it does not hash an unchanged file again either.</summary>
/// <param name="client">The registry.</param>
/// <param name="digests">Where the image's sha256 is remembered between pushes; null: the file is hashed every time.</param>
public sealed class ImagePusher(RegistryClient client, Sha256Cache? digests = null)
{
    /// <summary>The artifact type of an attached Sigstore bundle (cosign's bundle format).</summary>
    public const string BundleArtifactType = "application/vnd.dev.sigstore.bundle.v0.3+json";

    /// <summary>The artifact type of an attached SPDX SBOM.</summary>
    public const string SpdxArtifactType = "application/spdx+json";

    /// <summary>The artifact type of an attached CycloneDX SBOM.</summary>
    public const string CycloneDxArtifactType = "application/vnd.cyclonedx+json";

    /// <summary>The artifact type of an attached ImageGate scan report.</summary>
    public const string ReportArtifactType = "application/vnd.imagegate.scan-report.v1+json";

    private const long MaxAttachmentBytes = 64L * 1024 * 1024;

    /// <summary>Pushes the image; <paramref name="progress"/> gets one line per step.</summary>
    public async Task<PushResult> PushAsync(PushRequest request, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = request.Target;
        if (target.Registry != client.Registry) throw new ArgumentException("the client is for another registry", nameof(request));
        if (target.Digest is not null)
            throw new BadInputException("a push target names tags, not a digest", target.ToString());
        var attachments = ReadAttachments(request);
        var (facts, digesting) = ImageFacts.Inspect(request.ImagePath, digests, cancellationToken);
        var repo = target.Repository;
        var path = facts.Path;
        Stream Open() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);

        // Tags named on the command line that already exist must already hold this image. Looked up now, they also
        // tell a likely re-push (one of them exists), which waits for the digest instead of uploading while hashing.
        var existing = new Dictionary<string, ManifestContent>(StringComparer.Ordinal);
        foreach (var tag in target.Tags.Distinct(StringComparer.Ordinal))
            if (await client.GetManifestAsync(repo, tag, cancellationToken).ConfigureAwait(false) is { } found)
                existing[tag] = found;

        // A fresh image (its digest not in the cache) goes up while it is hashed: the registry's upload, not the hash,
        // is the long part. Once the digest is known, a registry that turns out to have the blob gets the upload
        // stopped before its next chunk and deleted (null below) instead of finished.
        var wanted = new TaskCompletionSource<Descriptor?>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<BlobPushResult?>? upload = null;
        if (!(digesting.IsCompletedSuccessfully && digesting.Result.Cached) && existing.Count == 0)
        {
            progress?.Invoke($"uploading {Path.GetFileName(path)} ({facts.Size} bytes) to {target.Name} while hashing it");
            upload = client.UploadBlobAsync(repo, facts.Size, Open, wanted.Task, cancellationToken);
        }
        try
        {
            var digest = await digesting.ConfigureAwait(false);
            var layerDigest = Digests.FromHex(digest.Sha256);
            if (digest.Cached)
                progress?.Invoke($"sha256 of {Path.GetFileName(path)} from the digest cache (the file's device, inode, size, mtime and ctime are those it was hashed with)");
            var tags = target.Tags.Count > 0 ? target.Tags.Distinct(StringComparer.Ordinal).ToList()
                : [DefaultTags.For(request.Version ?? facts.Os?.VersionId, digest.Sha256)];
            foreach (var tag in tags.Where(t => !existing.ContainsKey(t)))
                if (await client.GetManifestAsync(repo, tag, cancellationToken).ConfigureAwait(false) is { } found)
                    existing[tag] = found;
            foreach (var (tag, found) in existing)
            {
                var layer = TryParse(found)?.Layers.FirstOrDefault()?.Digest;
                if (layer != layerDigest)
                    throw new BadInputException($"registry {client.Registry}: tag {target.Name}:{tag} already points at {found.Digest}, whose layer is {layer ?? "not an image"}, not this image ({layerDigest}); ImageGate does not move tags on push: choose another tag");
            }

            var (mediaType, glanceFormat) = DiskMediaTypes.For(facts.Format);
            var layerDescriptor = new Descriptor(mediaType, layerDigest, facts.Size) { Annotations = LayerAnnotations(request, facts, glanceFormat, tags[0]) };
            await client.PushBlobAsync(repo, MediaTypes.Empty, "{}"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            BlobPushResult pushedLayer;
            if (upload is null)
            {
                progress?.Invoke($"uploading {Path.GetFileName(path)} ({facts.Size} bytes, {layerDigest}) to {target.Name}");
                pushedLayer = await client.PushBlobAsync(repo, layerDescriptor, Open, null, cancellationToken).ConfigureAwait(false);
                progress?.Invoke(pushedLayer.Outcome is BlobPushOutcome.Existed ? "the registry already has the image's bytes: nothing uploaded" : $"layer {pushedLayer.Outcome}");
            }
            else if (await client.BlobSizeAsync(repo, layerDigest, cancellationToken).ConfigureAwait(false) is not null)
            {
                wanted.SetResult(null);
                await StopAsync(upload).ConfigureAwait(false);
                pushedLayer = new BlobPushResult(layerDescriptor, BlobPushOutcome.Existed);
                progress?.Invoke($"the registry already has the image's bytes ({layerDigest}): the upload begun while hashing was stopped and deleted");
            }
            else
            {
                wanted.SetResult(layerDescriptor);
                pushedLayer = await upload.ConfigureAwait(false) ?? throw new InvalidOperationException("a wanted upload came back abandoned");
                progress?.Invoke($"layer {pushedLayer.Outcome} ({layerDigest})");
            }
            return await FinishAsync(request, target, repo, tags, existing, layerDescriptor, layerDigest, pushedLayer, attachments, progress, cancellationToken).ConfigureAwait(false);
        }
        catch when (upload is not null && !upload.IsCompleted)
        {
            // The push failed before the upload was finished (a tag holding another image, a failed hash): stop it.
            wanted.TrySetResult(null);
            await StopAsync(upload).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Waits for an upload told to stop (it stops before its next chunk and deletes its session); its own
    /// failure no longer matters.</summary>
    private static async Task StopAsync(Task<BlobPushResult?> upload)
    {
        try
        {
            await upload.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ExternalToolException or BadInputException or OperationCanceledException)
        {
            // The blob is not needed from this upload.
        }
    }

    private async Task<PushResult> FinishAsync(PushRequest request, RegistryReference target, string repo, List<string> tags, Dictionary<string, ManifestContent> existing,
        Descriptor layerDescriptor, string layerDigest, BlobPushResult pushedLayer, List<Attachment> attachments, Action<string>? progress, CancellationToken cancellationToken)
    {
        // Reuse the manifest an existing tag holds (a re-push writes nothing); else write a new one.
        byte[] manifestBytes;
        var written = false;
        if (existing.Count > 0)
            manifestBytes = existing.Values.First().Content;
        else
        {
            var manifest = new OciManifest(new Descriptor(MediaTypes.Empty, MediaTypes.EmptyDigest, 2), [layerDescriptor])
            {
                ArtifactType = DiskMediaTypes.ArtifactType,
                Annotations = ManifestAnnotations(request),
            };
            manifestBytes = manifest.ToBytes();
        }
        var manifestDigest = Digests.Of(manifestBytes);
        var manifestMediaType = existing.Count > 0 ? existing.Values.First().MediaType : MediaTypes.ImageManifest;
        foreach (var tag in tags)
        {
            if (existing.TryGetValue(tag, out var e) && e.Digest == manifestDigest) continue;
            await client.PutManifestAsync(repo, tag, manifestMediaType, manifestBytes, cancellationToken).ConfigureAwait(false);
            written = true;
            progress?.Invoke($"tagged {target.Name}:{tag}");
        }

        var subject = new Descriptor(manifestMediaType, manifestDigest, manifestBytes.LongLength);
        var referrers = new List<PushedReferrer>();
        if (attachments.Count > 0)
        {
            var known = await client.GetReferrersAsync(repo, manifestDigest, null, cancellationToken).ConfigureAwait(false);
            foreach (var a in attachments)
            {
                var blob = new Descriptor(a.ArtifactType, Digests.Of(a.Content), a.Content.LongLength)
                {
                    Annotations = new Dictionary<string, string> { [ImageAnnotations.Title] = a.FileName },
                };
                // No timestamp in a referrer manifest: the same file attached again gives the same digest.
                var referrer = new OciManifest(new Descriptor(MediaTypes.Empty, MediaTypes.EmptyDigest, 2), [blob])
                {
                    ArtifactType = a.ArtifactType,
                    Subject = subject,
                };
                var digest = Digests.Of(referrer.ToBytes());
                if (!known.Any(k => k.Digest == digest))
                {
                    await client.PushBlobAsync(repo, blob, () => new MemoryStream(a.Content, writable: false), null, cancellationToken).ConfigureAwait(false);
                    await client.PushReferrerAsync(repo, referrer, cancellationToken).ConfigureAwait(false);
                    progress?.Invoke($"attached {a.Kind} {a.FileName} ({a.ArtifactType})");
                }
                referrers.Add(new PushedReferrer(a.Kind, a.ArtifactType, digest));
            }
        }
        return new PushResult(target.WithDigest(manifestDigest), manifestDigest, layerDigest, tags, referrers)
        {
            Layer = pushedLayer.Outcome,
            ManifestWritten = written,
        };
    }

    private static OciManifest? TryParse(ManifestContent content)
    {
        try
        {
            return OciManifest.Parse(content.Content, content.Digest);
        }
        catch (BadInputException)
        {
            return null;
        }
    }

    private static Dictionary<string, string> LayerAnnotations(PushRequest request, ImageFacts facts, string glanceFormat, string tag)
    {
        var a = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ImageAnnotations.Title] = Path.GetFileName(facts.Path),
            [ImageAnnotations.EgiTag] = tag,
            [ImageAnnotations.DiskFormat] = glanceFormat,
            [ImageAnnotations.ContainerFormat] = "bare",
        };
        if (facts.Architecture is not null) a[ImageAnnotations.Architecture] = facts.Architecture;
        if (facts.Os is { } os)
        {
            a[ImageAnnotations.OsDistro] = ImageAnnotations.OsDistroFor(os.Id);
            if (os.VersionId is not null) a[ImageAnnotations.OsVersion] = os.VersionId;
            a[ImageAnnotations.OsType] = "linux";
            a[ImageAnnotations.EgiDescription] = os.PrettyName ?? $"{os.Id} {os.VersionId}".Trim();
        }
        foreach (var (k, v) in request.Annotations)
            if (!ImageAnnotations.IsManifestKey(k)) a[k] = v;
        return a;
    }

    private static Dictionary<string, string> ManifestAnnotations(PushRequest request)
    {
        var a = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ImageAnnotations.Created] = request.Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        foreach (var (k, v) in request.Annotations)
            if (ImageAnnotations.IsManifestKey(k)) a[k] = v;
        return a;
    }

    private sealed record Attachment(string Kind, string FileName, string ArtifactType, byte[] Content);

    private static List<Attachment> ReadAttachments(PushRequest request)
    {
        var list = new List<Attachment>();
        if (request.BundlePath is { } b) list.Add(Read("bundle", b, _ => BundleArtifactType));
        if (request.SbomPath is { } s) list.Add(Read("sbom", s, SbomType));
        if (request.ReportPath is { } r) list.Add(Read("report", r, _ => ReportArtifactType));
        return list;
    }

    private static Attachment Read(string kind, string path, Func<JsonElement, string> type)
    {
        if (!File.Exists(path)) throw new BadInputException($"no such file (--{kind})", path);
        if (new FileInfo(path).Length > MaxAttachmentBytes) throw new BadInputException($"larger than {MaxAttachmentBytes} bytes (--{kind})", path);
        var bytes = File.ReadAllBytes(path);
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new BadInputException($"not a JSON object (--{kind})", path);
            return new Attachment(kind, Path.GetFileName(path), type(doc.RootElement), bytes);
        }
        catch (JsonException ex)
        {
            throw new BadInputException($"not valid JSON (--{kind}): {ex.Message}", path);
        }
    }

    private static string SbomType(JsonElement root)
    {
        if (root.TryGetProperty("spdxVersion", out _)) return SpdxArtifactType;
        if (root.TryGetProperty("bomFormat", out var f) && f.ValueKind == JsonValueKind.String && f.GetString() == "CycloneDX") return CycloneDxArtifactType;
        throw new BadInputException("neither SPDX JSON (spdxVersion) nor CycloneDX JSON (bomFormat: CycloneDX) (--sbom)");
    }
}

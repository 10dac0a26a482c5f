using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using ImageGate.Core.Errors;
using ImageGate.Core.IO;
using ImageGate.Distribution.Auth;
using ImageGate.Distribution.Internal;

namespace ImageGate.Distribution.Client;

/// <summary>A narrow OCI distribution-spec 1.1 client for one registry: blobs (HEAD, monolithic and chunked
/// upload, cross-repository mount, streamed download with <c>Range</c> resume), manifests by tag and digest,
/// tag listing with <c>Link</c> pagination, tag deletion, and referrers (the API, else the <c>sha256-HEX</c>
/// tag schema). Errors: <see cref="BadInputException"/> for what the user can fix (credentials, a missing
/// repository or tag, a digest mismatch), <see cref="ExternalToolException"/> for an unavailable registry.</summary>
public sealed class RegistryClient : IDisposable
{
    private const int BufferSize = 1 << 20;

    /// <summary>How many downloaded bytes go to the kernel's write-back at a time (see <see cref="WriteBack"/>).</summary>
    private const long WriteBackEvery = 64L << 20;
    private const int MaxManifestBytes = 4 * 1024 * 1024;
    private readonly RegistryTransport _transport;
    private readonly RegistryClientOptions _options;

    /// <summary>Creates a client for <paramref name="registry"/> (host[:port]).</summary>
    public RegistryClient(string registry, RegistryCredentials? credentials, RegistryClientOptions? options = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(registry);
        _options = options ?? new RegistryClientOptions();
        _transport = new RegistryTransport(registry, credentials, _options, time ?? TimeProvider.System);
    }

    /// <summary>The registry host[:port].</summary>
    public string Registry => _transport.Registry;

    /// <inheritdoc />
    public void Dispose() => _transport.Dispose();

    /// <summary>The blob's size when the repository has it (HEAD), else null.</summary>
    public async Task<long?> BlobSizeAsync(string repository, string digest, CancellationToken cancellationToken = default)
    {
        var request = Request(HttpMethod.Head, $"v2/{repository}/blobs/{digest}", Pull(repository), $"HEAD blob {repository}@{digest}");
        using var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await EnsureAsync(response, request, repository, cancellationToken).ConfigureAwait(false);
        return response.Content.Headers.ContentLength;
    }

    /// <summary>Pushes a small blob held in memory (configs, the empty descriptor, attached files).</summary>
    public Task<BlobPushResult> PushBlobAsync(string repository, string mediaType, byte[] content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var descriptor = new Descriptor(mediaType, Digests.Of(content), content.LongLength);
        return PushBlobAsync(repository, descriptor, () => new MemoryStream(content, writable: false), null, cancellationToken);
    }

    /// <summary>Pushes the blob <paramref name="blob"/> whose bytes <paramref name="open"/> streams (opened once per
    /// attempt, positioned at 0): nothing is sent when the repository has it (HEAD); when
    /// <paramref name="mountFrom"/> (another repository of this registry) has it, it is mounted; else it is
    /// uploaded in one PUT, or in PATCH chunks when larger than <see cref="RegistryClientOptions.ChunkSize"/>.
    /// The registry checks the digest: a mismatch is a <see cref="BadInputException"/>.</summary>
    public async Task<BlobPushResult> PushBlobAsync(string repository, Descriptor blob, Func<Stream> open, string? mountFrom = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(open);
        if (await BlobSizeAsync(repository, blob.Digest, cancellationToken).ConfigureAwait(false) is not null)
            return new BlobPushResult(blob, BlobPushOutcome.Existed);
        return await UploadAsync(repository, blob.Size, open, Task.FromResult<Descriptor?>(blob), mountFrom, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("an upload with a known descriptor is never abandoned");
    }

    /// <summary>Uploads <paramref name="size"/> bytes that <paramref name="open"/> streams while their digest is still
    /// being computed: a blob larger than <see cref="RegistryClientOptions.ChunkSize"/> goes up in PATCH chunks at once
    /// (a smaller one waits for the descriptor and goes in one PUT), and the upload is finished (<c>PUT ?digest=</c>)
    /// when <paramref name="blob"/> gives the descriptor. No HEAD is made: the caller checks, once it knows the digest,
    /// whether the registry has the blob already, and if so (or if the push is abandoned) completes
    /// <paramref name="blob"/> with null: the upload stops before its next chunk, the upload session is deleted, so the
    /// registry keeps nothing of it, and the result is null.</summary>
    public Task<BlobPushResult?> UploadBlobAsync(string repository, long size, Func<Stream> open, Task<Descriptor?> blob, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(blob);
        return UploadAsync(repository, size, open, blob, null, cancellationToken);
    }

    private async Task<BlobPushResult?> UploadAsync(string repository, long size, Func<Stream> open, Task<Descriptor?> pending, string? mountFrom, CancellationToken cancellationToken)
    {
        var chunked = size > _options.ChunkSize;
        Descriptor? blob = null;
        if (mountFrom is not null || !chunked)
        {
            // A mount names the digest in its first request, a monolithic upload in its only one.
            blob = await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (blob is null) return null;
        }
        var what = blob is null ? $"{repository} (digest still being computed)" : $"{repository}@{blob.Digest}";
        var scopes = mountFrom is null ? Push(repository) : [.. Push(repository), .. Pull(mountFrom)];
        var path = mountFrom is null ? $"v2/{repository}/blobs/uploads/"
            : $"v2/{repository}/blobs/uploads/?mount={Uri.EscapeDataString(blob!.Digest)}&from={Uri.EscapeDataString(mountFrom)}";
        for (var round = 1; ; round++)
        {
            var start = Request(HttpMethod.Post, path, scopes, $"start upload {what}");
            Uri location;
            using (var response = await _transport.SendAsync(start, cancellationToken).ConfigureAwait(false))
            {
                if (response.StatusCode == HttpStatusCode.Created && mountFrom is not null)
                    return new BlobPushResult(blob!, BlobPushOutcome.Mounted);
                if (response.StatusCode != HttpStatusCode.Accepted)
                    await EnsureAsync(response, start, repository, cancellationToken, expected: "202").ConfigureAwait(false);
                location = Location(response, start);
            }
            try
            {
                if (!chunked) return await PutMonolithicAsync(repository, blob!, open, location, cancellationToken).ConfigureAwait(false);
                var sent = await PatchChunksAsync(repository, size, open, location, what, pending, cancellationToken).ConfigureAwait(false);
                blob = await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
                if (blob is null)
                {
                    // Not wanted after all (the registry has the blob, or the push failed): a session between two chunks can be deleted.
                    await AbandonUploadAsync(repository, sent).ConfigureAwait(false);
                    return null;
                }
                if (blob.Size != size) throw new ArgumentException($"the descriptor says {blob.Size} bytes, {size} were sent", nameof(pending));
                return await FinishChunkedAsync(repository, blob, sent, cancellationToken).ConfigureAwait(false);
            }
            catch (UploadRestartException) when (round < 3)
            {
                // The upload session is in an unknown state (a chunk was cut off): start a new one.
            }
            catch (UploadRestartException ex)
            {
                throw _transport.Unavailable(start, $"the upload failed {round} times: {ex.Message}", ex);
            }
        }
    }

    /// <summary>Deletes an upload session that will not be finished, between two chunks (best effort, briefly: the
    /// registry would purge it in time anyway).</summary>
    private async Task AbandonUploadAsync(string repository, Uri location)
    {
        using var brief = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            var request = new RegistryRequest(HttpMethod.Delete, location, Push(repository), $"cancel upload to {repository}");
            using var response = await _transport.SendAsync(request, brief.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ExternalToolException or BadInputException or OperationCanceledException or HttpRequestException or IOException)
        {
            // Left to the registry's purge of stale uploads.
        }
    }

    /// <summary>Streams the blob <paramref name="blob"/> into <paramref name="outputPath"/>, hashing as it goes and
    /// resuming with <c>Range</c> after a dropped connection. The file appears only when the digest and size
    /// match; otherwise nothing is left behind. Durable (what a site's cache needs: see the overload with <c>durable</c>).</summary>
    public Task DownloadBlobAsync(string repository, Descriptor blob, string outputPath, CancellationToken cancellationToken = default) =>
        DownloadBlobAsync(repository, blob, outputPath, durable: true, cancellationToken);

    /// <summary>Streams the blob <paramref name="blob"/> into <paramref name="outputPath"/> as the other overload does.
    /// With <paramref name="durable"/> (what a site's cache needs)
    /// the kernel's write-back is started every 64 MiB and the file is flushed to disk before it is renamed into place;
    /// without it the file is renamed as soon as it is checked and the kernel writes it back in its own time, as curl,
    /// skopeo and oras leave a fetched file (a power loss or kernel crash soon after may leave it empty or short, as with
    /// them; the digest was checked before the rename, so what readers see before any crash is the whole, checked file).</summary>
    public async Task DownloadBlobAsync(string repository, Descriptor blob, string outputPath, bool durable, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var full = Path.GetFullPath(outputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await AtomicFile.WriteAsync(full, async (file, ct) =>
        {
            long have = 0, writtenBack = 0;
            var failures = 0;
            // Two buffers: while one block is hashed on another thread, the next is read into the other one.
            var buffers = new[] { new byte[BufferSize], new byte[BufferSize] };
            var next = 0;
            var hashing = Task.CompletedTask;
            var handle = durable ? (file as FileStream)?.SafeFileHandle : null;
            while (true)
            {
                var request = Request(HttpMethod.Get, $"v2/{repository}/blobs/{blob.Digest}", Pull(repository), $"GET blob {repository}@{blob.Digest}") with
                {
                    Headers = have > 0 ? [new("Range", $"bytes={have}-")] : [],
                };
                try
                {
                    using var response = await _transport.SendAsync(request, ct).ConfigureAwait(false);
                    if (response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.From != have)
                        throw _transport.Unavailable(request, "the registry answered a range other than the one asked for");
                    if (response.StatusCode == HttpStatusCode.OK && have > 0)
                    {
                        // The registry ignored Range: start over.
                        await hashing.ConfigureAwait(false);
                        have = 0;
                        writtenBack = 0;
                        file.SetLength(0);
                        file.Position = 0;
                        hash.GetHashAndReset();
                    }
                    else if (response.StatusCode != HttpStatusCode.PartialContent)
                        await EnsureAsync(response, request, repository, ct).ConfigureAwait(false);
                    await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                    int n;
                    while ((n = await body.ReadAsync(buffers[next], ct).ConfigureAwait(false)) > 0)
                    {
                        if (have + n > blob.Size)
                            throw new BadInputException($"registry {Registry}: {repository}@{blob.Digest}: the blob is larger than the {blob.Size} bytes its descriptor says");
                        var block = buffers[next];
                        await file.WriteAsync(block.AsMemory(0, n), ct).ConfigureAwait(false);
                        await hashing.ConfigureAwait(false); // the other buffer is free again
                        var count = n;
                        hashing = Task.Run(() => hash.AppendData(block, 0, count), CancellationToken.None);
                        next = 1 - next;
                        have += n;
                        if (handle is not null && have - writtenBack >= WriteBackEvery)
                        {
                            await file.FlushAsync(ct).ConfigureAwait(false);
                            WriteBack.Start(handle, writtenBack, have - writtenBack);
                            writtenBack = have;
                        }
                    }
                    if (have < blob.Size)
                        throw new IOException($"the response ended after {have} of {blob.Size} bytes");
                    break;
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException && !ct.IsCancellationRequested)
                {
                    await hashing.ConfigureAwait(false);
                    if (++failures >= _options.MaxAttempts)
                        throw _transport.Unavailable(request, $"the download broke off {failures} times, last at byte {have} of {blob.Size}: {ex.Message}", ex);
                    _options.OnRetry?.Invoke($"registry {Registry}: {request.Describe}: {ex.Message}; resuming at byte {have}");
                    await Task.Delay(TimeSpan.FromTicks((long)(_options.BaseDelay.Ticks * _options.DelayScale)), ct).ConfigureAwait(false);
                }
                catch
                {
                    // Let a block being hashed finish before the hash (and the buffers) go away.
                    try { await hashing.ConfigureAwait(false); } catch (CryptographicException) { }
                    throw;
                }
            }
            await hashing.ConfigureAwait(false);
            var actual = "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
            if (!string.Equals(actual, blob.Digest, StringComparison.Ordinal))
                throw new BadInputException($"registry {Registry}: {repository}@{blob.Digest}: digest mismatch: the bytes received hash to {actual}");
        }, ".part", durable, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A small blob's bytes (at most <paramref name="maxBytes"/>), digest checked.</summary>
    public async Task<byte[]> GetBlobAsync(string repository, Descriptor blob, long maxBytes = MaxManifestBytes * 4L, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        if (blob.Size > maxBytes)
            throw new BadInputException($"registry {Registry}: {repository}@{blob.Digest}: {blob.Size} bytes is above the limit of {maxBytes}");
        var request = Request(HttpMethod.Get, $"v2/{repository}/blobs/{blob.Digest}", Pull(repository), $"GET blob {repository}@{blob.Digest}");
        using var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(response, request, repository, cancellationToken).ConfigureAwait(false);
        var bytes = await ReadLimitedAsync(response, blob.Size, request, cancellationToken).ConfigureAwait(false);
        if (bytes.LongLength != blob.Size || Digests.Of(bytes) != blob.Digest)
            throw new BadInputException($"registry {Registry}: {repository}@{blob.Digest}: digest mismatch: the bytes received hash to {Digests.Of(bytes)} ({bytes.Length} bytes)");
        return bytes;
    }

    /// <summary>The manifest at <paramref name="reference"/> (a tag or a digest), or null when the repository has no
    /// such tag or manifest. Its digest is computed from the bytes and checked against the digest asked for and
    /// against <c>Docker-Content-Digest</c>.</summary>
    public async Task<ManifestContent?> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken = default)
    {
        var request = Request(HttpMethod.Get, $"v2/{repository}/manifests/{reference}", Pull(repository), $"GET manifest {Show(repository, reference)}") with
        {
            Headers = [new("Accept", MediaTypes.ManifestAccept)],
        };
        using var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await EnsureAsync(response, request, repository, cancellationToken).ConfigureAwait(false);
        var bytes = await ReadLimitedAsync(response, MaxManifestBytes, request, cancellationToken).ConfigureAwait(false);
        var digest = Digests.Of(bytes);
        if (reference.StartsWith("sha256:", StringComparison.Ordinal) && reference != digest)
            throw new BadInputException($"registry {Registry}: {Show(repository, reference)}: digest mismatch: the manifest received hashes to {digest}");
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) && values.FirstOrDefault() is { } header
            && header.StartsWith("sha256:", StringComparison.Ordinal) && header != digest)
            throw new BadInputException($"registry {Registry}: {Show(repository, reference)}: digest mismatch: Docker-Content-Digest says {header}, the bytes hash to {digest}");
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? MediaTypes.ImageManifest;
        return new ManifestContent(mediaType, digest, bytes);
    }

    /// <summary>The descriptor of the manifest at <paramref name="reference"/> (HEAD), or null.</summary>
    public async Task<Descriptor?> HeadManifestAsync(string repository, string reference, CancellationToken cancellationToken = default)
    {
        var request = Request(HttpMethod.Head, $"v2/{repository}/manifests/{reference}", Pull(repository), $"HEAD manifest {Show(repository, reference)}") with
        {
            Headers = [new("Accept", MediaTypes.ManifestAccept)],
        };
        using var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await EnsureAsync(response, request, repository, cancellationToken).ConfigureAwait(false);
        if (!response.Headers.TryGetValues("Docker-Content-Digest", out var values) || values.FirstOrDefault() is not { } digest)
        {
            var full = await GetManifestAsync(repository, reference, cancellationToken).ConfigureAwait(false);
            return full?.Descriptor;
        }
        return new Descriptor(response.Content.Headers.ContentType?.MediaType ?? "", digest, response.Content.Headers.ContentLength ?? 0);
    }

    /// <summary>Puts a manifest at <paramref name="reference"/> (a tag, or its own digest). Checks the
    /// <c>Docker-Content-Digest</c> the registry answers against the bytes.</summary>
    public async Task<ManifestPushResult> PutManifestAsync(string repository, string reference, string mediaType, byte[] content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var digest = Digests.Of(content);
        var request = Request(HttpMethod.Put, $"v2/{repository}/manifests/{reference}", Push(repository), $"PUT manifest {Show(repository, reference)}") with
        {
            Content = () =>
            {
                var c = new ByteArrayContent(content);
                c.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
                return c;
            },
        };
        using var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(response, request, repository, cancellationToken, expected: "201").ConfigureAwait(false);
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) && values.FirstOrDefault() is { } header
            && header.StartsWith("sha256:", StringComparison.Ordinal) && header != digest)
            throw new BadInputException($"registry {Registry}: {Show(repository, reference)}: digest mismatch: the registry stored {header}, the manifest sent hashes to {digest}");
        return new ManifestPushResult(new Descriptor(mediaType, digest, content.LongLength), response.Headers.Contains("OCI-Subject"));
    }

    /// <summary>All tags of the repository, following <c>Link: &lt;…&gt;; rel="next"</c> pages of
    /// <paramref name="pageSize"/>. A missing repository is a <see cref="BadInputException"/>.</summary>
    public async Task<IReadOnlyList<string>> ListTagsAsync(string repository, int pageSize = 100, CancellationToken cancellationToken = default)
    {
        var tags = new List<string>();
        string? next = $"v2/{repository}/tags/list?n={pageSize}";
        for (var page = 0; next is not null && page < 10_000; page++)
        {
            var request = Request(HttpMethod.Get, next, Pull(repository), $"list tags of {Registry}/{repository}");
            using var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
                throw new BadInputException($"registry {Registry}: repository {repository} not found{await RegistryTransport.ErrorCodesAsync(response, cancellationToken).ConfigureAwait(false)}");
            await EnsureAsync(response, request, repository, cancellationToken).ConfigureAwait(false);
            var bytes = await ReadLimitedAsync(response, MaxManifestBytes, request, cancellationToken).ConfigureAwait(false);
            try
            {
                using var doc = System.Text.Json.JsonDocument.Parse(bytes);
                if (doc.RootElement.TryGetProperty("tags", out var list) && list.ValueKind == System.Text.Json.JsonValueKind.Array)
                    tags.AddRange(list.EnumerateArray().Where(t => t.ValueKind == System.Text.Json.JsonValueKind.String).Select(t => t.GetString()!));
            }
            catch (System.Text.Json.JsonException)
            {
                throw _transport.Unavailable(request, "the tag list is not JSON");
            }
            next = NextLink(response);
        }
        return tags;
    }

    /// <summary>Deletes <paramref name="tag"/>: <c>DELETE</c> by tag; when the registry deletes by digest only
    /// (distribution 2.8), the tag is first pointed at a unique placeholder manifest, which is then deleted by
    /// digest, so the manifest the tag named (and its other tags) stay.</summary>
    public async Task<TagDeletion> DeleteTagAsync(string repository, string tag, CancellationToken cancellationToken = default)
    {
        if (await HeadManifestAsync(repository, tag, cancellationToken).ConfigureAwait(false) is null) return TagDeletion.Missing;
        var request = Request(HttpMethod.Delete, $"v2/{repository}/manifests/{tag}", Delete(repository), $"DELETE tag {Show(repository, tag)}");
        using (var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false))
        {
            if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK) return TagDeletion.ByTag;
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
                await EnsureAsync(response, request, repository, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.MethodNotAllowed)
                throw new BadInputException($"registry {Registry}: {Show(repository, tag)}: the registry does not allow deletion (HTTP 405{await RegistryTransport.ErrorCodesAsync(response, cancellationToken).ConfigureAwait(false)})");
        }
        await PushBlobAsync(repository, MediaTypes.Empty, "{}"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        var empty = new Descriptor(MediaTypes.Empty, MediaTypes.EmptyDigest, 2);
        var placeholder = new OciManifest(empty, [empty])
        {
            ArtifactType = "application/vnd.imagegate.tag-placeholder.v1",
            Annotations = new Dictionary<string, string> { ["org.opencontainers.image.description"] = $"placeholder for deleting tag {tag} ({Guid.NewGuid():N})" },
        };
        var pushed = await PutManifestAsync(repository, tag, MediaTypes.ImageManifest, placeholder.ToBytes(), cancellationToken).ConfigureAwait(false);
        await DeleteManifestAsync(repository, pushed.Descriptor.Digest, cancellationToken).ConfigureAwait(false);
        return TagDeletion.ByPlaceholder;
    }

    /// <summary>Deletes the manifest <paramref name="digest"/> (and with it every tag pointing at it).</summary>
    public async Task DeleteManifestAsync(string repository, string digest, CancellationToken cancellationToken = default)
    {
        var request = Request(HttpMethod.Delete, $"v2/{repository}/manifests/{digest}", Delete(repository), $"DELETE manifest {repository}@{digest}");
        using var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.MethodNotAllowed)
            throw new BadInputException($"registry {Registry}: {repository}@{digest}: the registry does not allow deletion (HTTP 405)");
        await EnsureAsync(response, request, repository, cancellationToken, expected: "202").ConfigureAwait(false);
    }

    /// <summary>The manifests that refer to <paramref name="digest"/>: the referrers API, else (HTTP 404) the
    /// referrers tag schema's <c>sha256-HEX</c> index, else none. Optionally filtered by artifact type.</summary>
    public async Task<IReadOnlyList<Descriptor>> GetReferrersAsync(string repository, string digest, string? artifactType = null, CancellationToken cancellationToken = default)
    {
        var path = $"v2/{repository}/referrers/{digest}" + (artifactType is null ? "" : $"?artifactType={Uri.EscapeDataString(artifactType)}");
        var request = Request(HttpMethod.Get, path, Pull(repository), $"referrers of {repository}@{digest}") with
        {
            Headers = [new("Accept", MediaTypes.ImageIndex)],
        };
        IReadOnlyList<Descriptor> found;
        using (var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false))
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                var tagged = await GetManifestAsync(repository, Digests.ReferrersTag(digest), cancellationToken).ConfigureAwait(false);
                found = tagged is null ? [] : OciIndex.Parse(tagged.Content, $"{Registry}/{repository}:{Digests.ReferrersTag(digest)}").Manifests;
            }
            else
            {
                await EnsureAsync(response, request, repository, cancellationToken).ConfigureAwait(false);
                found = OciIndex.Parse(await ReadLimitedAsync(response, MaxManifestBytes, request, cancellationToken).ConfigureAwait(false), request.Describe).Manifests;
            }
        }
        return artifactType is null ? found : found.Where(d => d.ArtifactType == artifactType).ToList();
    }

    /// <summary>Pushes <paramref name="manifest"/> (which has a subject) by digest; when the registry does not
    /// process subjects (no <c>OCI-Subject</c> answer), adds it to the <c>sha256-HEX</c> tag index as the referrers
    /// tag schema asks.</summary>
    public async Task<Descriptor> PushReferrerAsync(string repository, OciManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var subject = manifest.Subject ?? throw new ArgumentException("a referrer needs a subject", nameof(manifest));
        var bytes = manifest.ToBytes();
        var pushed = await PutManifestAsync(repository, Digests.Of(bytes), MediaTypes.ImageManifest, bytes, cancellationToken).ConfigureAwait(false);
        var entry = pushed.Descriptor with { ArtifactType = manifest.ArtifactType, Annotations = manifest.Annotations };
        if (pushed.SubjectProcessed) return entry;
        var tag = Digests.ReferrersTag(subject.Digest);
        var existing = await GetManifestAsync(repository, tag, cancellationToken).ConfigureAwait(false);
        var list = existing is null ? [] : OciIndex.Parse(existing.Content, $"{Registry}/{repository}:{tag}").Manifests.ToList();
        if (list.Any(d => d.Digest == entry.Digest)) return entry;
        list.Add(entry);
        await PutManifestAsync(repository, tag, MediaTypes.ImageIndex, new OciIndex(list).ToBytes(), cancellationToken).ConfigureAwait(false);
        return entry;
    }

    private async Task<BlobPushResult> PutMonolithicAsync(string repository, Descriptor blob, Func<Stream> open, Uri location, CancellationToken cancellationToken)
    {
        var request = new RegistryRequest(HttpMethod.Put, WithDigest(location, blob.Digest), Push(repository), $"upload {repository}@{blob.Digest}")
        {
            Content = () => Body(open(), blob.Size, null),
        };
        using var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await FinishUploadAsync(response, request, repository, blob, cancellationToken).ConfigureAwait(false);
        return new BlobPushResult(blob, BlobPushOutcome.UploadedMonolithic);
    }

    /// <summary>Sends the bytes in PATCH chunks; returns the location to finish (or delete) the upload at. Stops early,
    /// between two chunks, when <paramref name="pending"/> has turned out null (the upload is not wanted).</summary>
    private async Task<Uri> PatchChunksAsync(string repository, long size, Func<Stream> open, Uri location, string what, Task<Descriptor?> pending, CancellationToken cancellationToken)
    {
        for (long offset = 0; offset < size;)
        {
            if (pending.IsCompletedSuccessfully && pending.Result is null) break;
            var length = Math.Min(_options.ChunkSize, size - offset);
            var at = offset;
            var request = new RegistryRequest(HttpMethod.Patch, location, Push(repository), $"upload chunk {at}-{at + length - 1} of {what}")
            {
                Content = () =>
                {
                    var s = open();
                    s.Seek(at, SeekOrigin.Begin);
                    return Body(new SliceStream(s, length), length, $"{at}-{at + length - 1}");
                },
            };
            HttpResponseMessage response;
            try
            {
                response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (ExternalToolException ex) when (at > 0)
            {
                throw new UploadRestartException(ex.Message, ex);
            }
            using (response)
            {
                if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
                    throw new UploadRestartException($"the registry refused chunk {at}-{at + length - 1} (HTTP 416)", null);
                await EnsureAsync(response, request, repository, cancellationToken, expected: "202").ConfigureAwait(false);
                location = Location(response, request);
            }
            offset += length;
        }
        return location;
    }

    private async Task<BlobPushResult> FinishChunkedAsync(string repository, Descriptor blob, Uri location, CancellationToken cancellationToken)
    {
        var finish = new RegistryRequest(HttpMethod.Put, WithDigest(location, blob.Digest), Push(repository), $"finish upload {repository}@{blob.Digest}")
        {
            Content = () => new ByteArrayContent([]),
        };
        using (var response = await _transport.SendAsync(finish, cancellationToken).ConfigureAwait(false))
            await FinishUploadAsync(response, finish, repository, blob, cancellationToken).ConfigureAwait(false);
        return new BlobPushResult(blob, BlobPushOutcome.UploadedChunked);
    }

    private async Task FinishUploadAsync(HttpResponseMessage response, RegistryRequest request, string repository, Descriptor blob, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            var codes = await RegistryTransport.ErrorCodesAsync(response, cancellationToken).ConfigureAwait(false);
            if (codes.Contains("DIGEST_INVALID", StringComparison.Ordinal) || codes.Contains("SIZE_INVALID", StringComparison.Ordinal))
                throw new BadInputException($"registry {Registry}: {repository}@{blob.Digest}: digest mismatch: the registry computed another digest or size for the {blob.Size} bytes sent ({codes.Trim()}); was the file changed while being pushed?");
            throw new BadInputException($"registry {Registry}: {request.Describe}: HTTP 400{codes}");
        }
        await EnsureAsync(response, request, repository, cancellationToken, expected: "201").ConfigureAwait(false);
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) && values.FirstOrDefault() is { } header && header != blob.Digest)
            throw new BadInputException($"registry {Registry}: {repository}@{blob.Digest}: digest mismatch: the registry stored {header}");
    }

    private static StreamContent Body(Stream stream, long length, string? range)
    {
        var content = new StreamContent(stream, BufferSize);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.ContentLength = length;
        if (range is not null) content.Headers.TryAddWithoutValidation("Content-Range", range);
        return content;
    }

    private async Task EnsureAsync(HttpResponseMessage response, RegistryRequest request, string repository, CancellationToken cancellationToken, string? expected = null)
    {
        if (response.IsSuccessStatusCode) return;
        var codes = await RegistryTransport.ErrorCodesAsync(response, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        throw response.StatusCode switch
        {
            HttpStatusCode.NotFound => new BadInputException($"registry {Registry}: {request.Describe}: not found (HTTP 404{codes}); check the repository {repository} and the reference"),
            HttpStatusCode.Forbidden => new BadInputException($"registry {Registry}: {request.Describe}: access denied (HTTP 403{codes}); the credentials lack the permission"),
            HttpStatusCode.Unauthorized => new BadInputException($"registry {Registry}: {request.Describe}: authentication failed (HTTP 401{codes})"),
            _ when status is >= 400 and < 500 => new BadInputException($"registry {Registry}: {request.Describe}: refused (HTTP {status}{codes})"),
            _ => _transport.Unavailable(request, $"HTTP {status}{codes}" + (expected is null ? "" : $" (expected {expected})")),
        };
    }

    private async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, long max, RegistryRequest request, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > max)
            throw new BadInputException($"registry {Registry}: {request.Describe}: {response.Content.Headers.ContentLength} bytes is above the limit of {max}");
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + n > max)
                throw new BadInputException($"registry {Registry}: {request.Describe}: more than the limit of {max} bytes");
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    private Uri Location(HttpResponseMessage response, RegistryRequest request) =>
        response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l : new Uri(_transport.BaseUri, l))
            : throw _transport.Unavailable(request, "the registry answered without a Location header");

    private static Uri WithDigest(Uri location, string digest)
    {
        var b = new UriBuilder(location);
        var q = b.Query.TrimStart('?');
        b.Query = (q.Length > 0 ? q + "&" : "") + "digest=" + Uri.EscapeDataString(digest);
        return b.Uri;
    }

    private string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var links)) return null;
        foreach (var link in links.SelectMany(l => l.Split(',')))
        {
            var lt = link.IndexOf('<', StringComparison.Ordinal);
            var gt = link.IndexOf('>', StringComparison.Ordinal);
            if (lt < 0 || gt < lt || !link[gt..].Contains("rel=\"next\"", StringComparison.Ordinal) && !link[gt..].Contains("rel=next", StringComparison.Ordinal)) continue;
            var target = link[(lt + 1)..gt];
            var uri = new Uri(_transport.BaseUri, target);
            if (uri.Authority != _transport.BaseUri.Authority) return null; // never follow a page link to another host with our credentials
            return uri.PathAndQuery.TrimStart('/');
        }
        return null;
    }

    private RegistryRequest Request(HttpMethod method, string relative, IReadOnlyList<string> scopes, string describe) =>
        new(method, new Uri(_transport.BaseUri, relative), scopes, describe);

    private string Show(string repository, string reference) =>
        reference.StartsWith("sha256:", StringComparison.Ordinal) ? $"{Registry}/{repository}@{reference}" : $"{Registry}/{repository}:{reference}";

    private static string[] Pull(string repository) => [$"repository:{repository}:pull"];

    private static string[] Push(string repository) => [$"repository:{repository}:pull,push"];

    private static string[] Delete(string repository) => [$"repository:{repository}:pull,push,delete"];

    private sealed class UploadRestartException(string message, Exception? inner) : Exception(message, inner);
}

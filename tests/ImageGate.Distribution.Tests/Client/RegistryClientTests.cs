using System.Security.Cryptography;
using ImageGate.Core.Errors;
using ImageGate.Distribution.Auth;
using ImageGate.Distribution.Client;
using ImageGate.Testing;
using ImageGate.Testing.Network;
using ImageGate.Testing.Registries;

namespace ImageGate.Distribution.Tests.Client;

public sealed class RegistryClientTests
{
    private static readonly RegistryClientOptions Fast = new() { DelayScale = 0.01, ChunkSize = 256 * 1024 };

    private static (Descriptor Blob, byte[] Bytes) RandomBlob(int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        return (new Descriptor("application/octet-stream", Digests.Of(bytes), size), bytes);
    }

    [Fact]
    public async Task Blobs_go_up_whole_or_in_chunks_come_back_equal_and_a_second_push_uploads_nothing()
    {
        using var registry = LocalRegistry.Start();
        using var client = new RegistryClient(registry.Host, null, Fast);
        using var dir = new TempDirectory();
        var (small, smallBytes) = RandomBlob(100_000);
        var (large, largeBytes) = RandomBlob(1_000_000);

        var a = await client.PushBlobAsync("test/blobs", small, () => new MemoryStream(smallBytes), cancellationToken: TestContext.Current.CancellationToken);
        var b = await client.PushBlobAsync("test/blobs", large, () => new MemoryStream(largeBytes), cancellationToken: TestContext.Current.CancellationToken);
        var patches = registry.Requests("PATCH").Count;
        var again = await client.PushBlobAsync("test/blobs", large, () => new MemoryStream(largeBytes), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(BlobPushOutcome.UploadedMonolithic, a.Outcome);
        Assert.Equal(BlobPushOutcome.UploadedChunked, b.Outcome);
        Assert.True(patches >= 4, $"expected one PATCH per 256 KiB chunk, saw {patches}");
        Assert.Equal(BlobPushOutcome.Existed, again.Outcome);
        Assert.Equal(patches, registry.Requests("PATCH").Count);
        await client.DownloadBlobAsync("test/blobs", large, dir.Combine("large"), TestContext.Current.CancellationToken);
        Assert.Equal(largeBytes, File.ReadAllBytes(dir.Combine("large")));
        Assert.Equal(1_000_000L, await client.BlobSizeAsync("test/blobs", large.Digest, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_upload_begun_before_its_digest_is_known_sends_every_chunk_and_is_finished_when_the_descriptor_comes()
    {
        using var registry = LocalRegistry.Start();
        using var client = new RegistryClient(registry.Host, null, Fast);
        using var dir = new TempDirectory();
        var ct = TestContext.Current.CancellationToken;
        var (blob, bytes) = RandomBlob(1_000_000);
        var descriptor = new TaskCompletionSource<Descriptor?>(TaskCreationOptions.RunContinuationsAsynchronously);

        var upload = client.UploadBlobAsync("test/early", blob.Size, () => new MemoryStream(bytes), descriptor.Task, ct);
        // All four 256 KiB chunks reach the registry while the digest is still unknown.
        await WaitForAsync(() => registry.Requests("PATCH").Count >= 4, registry, ct);
        var finishedEarly = upload.IsCompleted;
        var sizeBefore = await client.BlobSizeAsync("test/early", blob.Digest, ct);
        descriptor.SetResult(blob);
        var result = await upload;

        Assert.False(finishedEarly);
        Assert.Null(sizeBefore);
        Assert.Equal(BlobPushOutcome.UploadedChunked, result!.Outcome);
        Assert.Equal(4, registry.Requests("PATCH").Count);
        await client.DownloadBlobAsync("test/early", blob, dir.Combine("back"), ct);
        Assert.Equal(bytes, File.ReadAllBytes(dir.Combine("back")));
    }

    [Fact]
    public async Task An_upload_found_not_wanted_stops_before_its_next_chunk_and_deletes_its_session()
    {
        using var registry = LocalRegistry.Start();
        using var client = new RegistryClient(registry.Host, null, Fast);
        var ct = TestContext.Current.CancellationToken;
        var (blob, bytes) = RandomBlob(4_000_000);
        var descriptor = new TaskCompletionSource<Descriptor?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var opened = 0;
        Stream Open()
        {
            // The second chunk's body is opened only once the upload is known to be unwanted.
            if (Interlocked.Increment(ref opened) == 2) descriptor.SetResult(null);
            return new MemoryStream(bytes);
        }

        var result = await client.UploadBlobAsync("test/unwanted", blob.Size, Open, descriptor.Task, ct);

        Assert.Null(result);
        Assert.Equal(2, registry.Requests("PATCH").Count); // of 16 chunks
        Assert.Contains(registry.Requests("DELETE"), l => l.Contains("/blobs/uploads/", StringComparison.Ordinal) && l.Contains(" 204 ", StringComparison.Ordinal));
        Assert.Null(await client.BlobSizeAsync("test/unwanted", blob.Digest, ct));
        var uploads = Path.Combine(registry.StorageDirectory, "docker/registry/v2/repositories/test/unwanted/_uploads");
        // The bytes sent are gone (distribution 2.8 may write back a small hash-state file after the delete).
        Assert.Empty(Directory.Exists(uploads) ? Directory.GetFiles(uploads, "data", SearchOption.AllDirectories) : []);
    }

    private static async Task WaitForAsync(Func<bool> condition, LocalRegistry registry, CancellationToken ct)
    {
        for (var waited = 0; !condition(); waited += 20)
        {
            if (waited > 60_000) Assert.Fail($"timed out; the registry logged:\n{registry.Log}");
            await Task.Delay(20, ct);
        }
    }

    [Fact]
    public async Task A_blob_another_repository_has_is_mounted_not_uploaded()
    {
        using var registry = LocalRegistry.Start();
        using var client = new RegistryClient(registry.Host, null, Fast);
        var (blob, bytes) = RandomBlob(50_000);
        await client.PushBlobAsync("test/one", blob, () => new MemoryStream(bytes), cancellationToken: TestContext.Current.CancellationToken);

        var mounted = await client.PushBlobAsync("test/two", blob, () => throw new InvalidOperationException("must not read"), "test/one", TestContext.Current.CancellationToken);

        Assert.Equal(BlobPushOutcome.Mounted, mounted.Outcome);
        Assert.NotNull(await client.BlobSizeAsync("test/two", blob.Digest, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Tags_are_listed_and_deleting_one_keeps_the_manifest_and_its_other_tags()
    {
        using var registry = LocalRegistry.Start();
        using var client = new RegistryClient(registry.Host, null, Fast);
        var ct = TestContext.Current.CancellationToken;
        var manifest = await PushArtifactAsync(client, "test/tags", "a", ct);
        foreach (var t in new[] { "b", "c", "d", "e" })
            await client.PutManifestAsync("test/tags", t, MediaTypes.ImageManifest, manifest.Content, ct);

        var tags = await client.ListTagsAsync("test/tags", pageSize: 2, ct);
        var deletion = await client.DeleteTagAsync("test/tags", "c", ct);

        Assert.Equal(["a", "b", "c", "d", "e"], tags.Order(StringComparer.Ordinal));
        // distribution 2.8 ignores n= on tag lists (one page, no Link header); the Link-following path is not exercised here.
        Assert.Equal(TagDeletion.ByPlaceholder, deletion); // distribution 2.8 deletes manifests by digest only
        Assert.DoesNotContain("c", await client.ListTagsAsync("test/tags", cancellationToken: ct));
        Assert.Equal(manifest.Digest, (await client.HeadManifestAsync("test/tags", "b", ct))!.Digest);
        Assert.NotNull(await client.GetManifestAsync("test/tags", manifest.Digest, ct));
        Assert.Equal(TagDeletion.Missing, await client.DeleteTagAsync("test/tags", "c", ct));
    }

    [Fact]
    public async Task Referrers_fall_back_to_the_sha256_tag_index_when_the_registry_has_no_referrers_API()
    {
        using var registry = LocalRegistry.Start();
        using var client = new RegistryClient(registry.Host, null, Fast);
        var ct = TestContext.Current.CancellationToken;
        var subject = await PushArtifactAsync(client, "test/refs", "v1", ct);
        var note = "{\"note\":1}"u8.ToArray();
        await client.PushBlobAsync("test/refs", "application/json", note, ct);
        var referrer = new OciManifest(new Descriptor(MediaTypes.Empty, MediaTypes.EmptyDigest, 2), [new Descriptor("application/json", Digests.Of(note), note.Length)])
        {
            ArtifactType = "application/vnd.example.note",
            Subject = subject.Descriptor,
        };

        Assert.Empty(await client.GetReferrersAsync("test/refs", subject.Digest, cancellationToken: ct));
        var pushed = await client.PushReferrerAsync("test/refs", referrer, ct);
        await client.PushReferrerAsync("test/refs", referrer, ct);
        var found = await client.GetReferrersAsync("test/refs", subject.Digest, cancellationToken: ct);

        var only = Assert.Single(found);
        Assert.Equal(pushed.Digest, only.Digest);
        Assert.Equal("application/vnd.example.note", only.ArtifactType);
        Assert.NotNull(await client.HeadManifestAsync("test/refs", Digests.ReferrersTag(subject.Digest), ct));
        Assert.Empty(await client.GetReferrersAsync("test/refs", subject.Digest, "application/other", ct));
    }

    [Fact]
    public async Task Basic_auth_works_with_the_right_password_and_a_wrong_one_is_bad_input_without_the_password()
    {
        using var registry = LocalRegistry.Start(RegistryAuthMode.Basic);
        var ct = TestContext.Current.CancellationToken;
        using (var good = new RegistryClient(registry.Host, new RegistryCredentials(registry.Username, registry.Password, "test"), Fast))
            await PushArtifactAsync(good, "test/basic", "v1", ct);
        using var bad = new RegistryClient(registry.Host, new RegistryCredentials(registry.Username, "wrong-" + registry.Password, "test"), Fast);
        using var anonymous = new RegistryClient(registry.Host, null, Fast);

        var wrong = await Assert.ThrowsAsync<BadInputException>(() => bad.GetManifestAsync("test/basic", "v1", ct));
        var none = await Assert.ThrowsAsync<BadInputException>(() => anonymous.GetManifestAsync("test/basic", "v1", ct));

        Assert.Contains(registry.Host, wrong.Message, StringComparison.Ordinal);
        Assert.Contains("test/basic:v1", wrong.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(registry.Password, wrong.Message, StringComparison.Ordinal);
        Assert.Contains("authentication required", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_auth_fetches_a_bearer_token_per_scope_from_the_challenge_realm()
    {
        using var registry = LocalRegistry.Start(RegistryAuthMode.Token);
        var ct = TestContext.Current.CancellationToken;
        using var client = new RegistryClient(registry.Host, new RegistryCredentials(registry.Username, registry.Password, "test"), Fast);

        var pushed = await PushArtifactAsync(client, "test/token", "v1", ct);
        var requestsAfterPush = registry.Issuer!.Requests;
        var fetched = await client.GetManifestAsync("test/token", "v1", ct);
        await client.GetManifestAsync("test/token", "v1", ct);

        Assert.Equal(pushed.Digest, fetched!.Digest);
        Assert.InRange(requestsAfterPush, 1, 4);
        Assert.Equal(requestsAfterPush, registry.Issuer.Requests); // the push and pull tokens are cached per scope
        using var wrong = new RegistryClient(registry.Host, new RegistryCredentials(registry.Username, "nope", "test"), Fast);
        var refused = await Assert.ThrowsAsync<BadInputException>(() => wrong.GetManifestAsync("test/token", "v1", ct));
        Assert.Contains("refused the credentials", refused.Message, StringComparison.Ordinal);
        using var anonymous = new RegistryClient(registry.Host, null, Fast);
        await Assert.ThrowsAsync<BadInputException>(() => anonymous.GetManifestAsync("test/token", "v1", ct));
    }

    [Fact]
    public async Task A_registry_that_is_not_there_is_unavailable_naming_it()
    {
        var host = $"127.0.0.1:{LocalRegistry.FreePort()}";
        using var client = new RegistryClient(host, null, Fast with { MaxAttempts = 2 });

        var ex = await Assert.ThrowsAsync<ExternalToolException>(() => client.GetManifestAsync("test/none", "v1", TestContext.Current.CancellationToken));

        Assert.Contains(host, ex.Message, StringComparison.Ordinal);
        Assert.Contains("test/none:v1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_download_cut_mid_blob_resumes_with_Range_and_one_always_cut_leaves_no_file()
    {
        using var registry = LocalRegistry.Start();
        var ct = TestContext.Current.CancellationToken;
        var (blob, bytes) = RandomBlob(2_000_000);
        using (var direct = new RegistryClient(registry.Host, null, Fast))
            await direct.PushBlobAsync("test/cut", blob, () => new MemoryStream(bytes), cancellationToken: ct);
        using var dir = new TempDirectory();

        using (var once = FaultProxy.CuttingAnswers(registry.Port, 700_000, 1))
        using (var client = new RegistryClient(once.Host, null, Fast))
        {
            await client.DownloadBlobAsync("test/cut", blob, dir.Combine("resumed"), ct);
            Assert.Equal(1, once.Faults);
        }
        Assert.Equal(bytes, File.ReadAllBytes(dir.Combine("resumed")));
        Assert.Contains(registry.Requests("GET"), l => l.Contains("/blobs/", StringComparison.Ordinal) && l.Contains(" 206 ", StringComparison.Ordinal));

        using var always = FaultProxy.CuttingAnswers(registry.Port, 700_000, int.MaxValue);
        // Each attempt brings at most 700,000 bytes: two attempts can never fetch all 2,000,000.
        using var failing = new RegistryClient(always.Host, null, Fast with { MaxAttempts = 2 });
        var ex = await Assert.ThrowsAsync<ExternalToolException>(() => failing.DownloadBlobAsync("test/cut", blob, dir.Combine("never"), ct));
        Assert.Contains(always.Host, ex.Message, StringComparison.Ordinal);
        Assert.Equal(["resumed"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_busy_registry_is_retried_after_its_Retry_After_and_one_that_stays_busy_is_unavailable()
    {
        using var registry = LocalRegistry.Start();
        var ct = TestContext.Current.CancellationToken;
        using (var direct = new RegistryClient(registry.Host, null, Fast))
            await PushArtifactAsync(direct, "test/busy", "v1", ct);
        var retries = new List<string>();

        using (var busy = FaultProxy.AnsweringBusy(registry.Port, 2, retryAfterSeconds: 3))
        using (var client = new RegistryClient(busy.Host, null, Fast with { OnRetry = retries.Add }))
        {
            Assert.NotNull(await client.GetManifestAsync("test/busy", "v1", ct));
            Assert.Equal(2, busy.Faults);
        }
        Assert.Equal(2, retries.Count);
        Assert.All(retries, r => Assert.Contains("HTTP 503; retrying in 3 s", r, StringComparison.Ordinal));

        using var always = FaultProxy.AnsweringBusy(registry.Port, int.MaxValue);
        using var failing = new RegistryClient(always.Host, null, Fast with { MaxAttempts = 3 });
        var ex = await Assert.ThrowsAsync<ExternalToolException>(() => failing.GetManifestAsync("test/busy", "v1", ct));
        Assert.Contains("HTTP 503 after 3 attempt(s)", ex.Message, StringComparison.Ordinal);
        Assert.Contains(always.Host, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_attempt_means_no_retry_and_a_busy_answer_is_unavailable_at_once()
    {
        using var registry = LocalRegistry.Start();
        var ct = TestContext.Current.CancellationToken;
        using (var direct = new RegistryClient(registry.Host, null, Fast))
            await PushArtifactAsync(direct, "test/once", "v1", ct);
        var retries = new List<string>();

        using var busy = FaultProxy.AnsweringBusy(registry.Port, int.MaxValue);
        using var client = new RegistryClient(busy.Host, null, Fast with { MaxAttempts = 1, OnRetry = retries.Add });
        var ex = await Assert.ThrowsAsync<ExternalToolException>(() => client.GetManifestAsync("test/once", "v1", ct));

        Assert.Contains("HTTP 503 after 1 attempt(s)", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, busy.Faults);
        Assert.Empty(retries);
    }

    [Fact]
    public async Task A_blob_corrupted_in_the_registry_storage_is_a_digest_mismatch_and_leaves_no_file()
    {
        using var registry = LocalRegistry.Start();
        var ct = TestContext.Current.CancellationToken;
        var (blob, bytes) = RandomBlob(300_000);
        using var client = new RegistryClient(registry.Host, null, Fast);
        await client.PushBlobAsync("test/corrupt", blob, () => new MemoryStream(bytes), cancellationToken: ct);
        var hex = Digests.Hex(blob.Digest);
        var data = Path.Combine(registry.StorageDirectory, "docker", "registry", "v2", "blobs", "sha256", hex[..2], hex, "data");
        var stored = File.ReadAllBytes(data);
        stored[1000] ^= 0xff;
        File.WriteAllBytes(data, stored);
        using var dir = new TempDirectory();

        var ex = await Assert.ThrowsAsync<BadInputException>(() => client.DownloadBlobAsync("test/corrupt", blob, dir.Combine("image"), ct));

        Assert.Contains("digest mismatch", ex.Message, StringComparison.Ordinal);
        Assert.Contains(registry.Host, ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task A_missing_repository_or_tag_is_bad_input_naming_the_reference()
    {
        using var registry = LocalRegistry.Start();
        using var client = new RegistryClient(registry.Host, null, Fast);
        var ct = TestContext.Current.CancellationToken;

        Assert.Null(await client.GetManifestAsync("test/absent", "v1", ct));
        var ex = await Assert.ThrowsAsync<BadInputException>(() => client.ListTagsAsync("test/absent", cancellationToken: ct));

        Assert.Contains($"{registry.Host}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("test/absent", ex.Message, StringComparison.Ordinal);
    }

    internal static async Task<ManifestContent> PushArtifactAsync(RegistryClient client, string repository, string tag, CancellationToken ct)
    {
        var layer = System.Text.Encoding.UTF8.GetBytes($"layer of {repository}:{tag}");
        await client.PushBlobAsync(repository, MediaTypes.Empty, "{}"u8.ToArray(), ct);
        await client.PushBlobAsync(repository, "application/octet-stream", layer, ct);
        var manifest = new OciManifest(new Descriptor(MediaTypes.Empty, MediaTypes.EmptyDigest, 2), [new Descriptor("application/octet-stream", Digests.Of(layer), layer.Length)])
        {
            ArtifactType = "application/vnd.example.test",
        };
        await client.PutManifestAsync(repository, tag, MediaTypes.ImageManifest, manifest.ToBytes(), ct);
        return (await client.GetManifestAsync(repository, tag, ct))!;
    }
}

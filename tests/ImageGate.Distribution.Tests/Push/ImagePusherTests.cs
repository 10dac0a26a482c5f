using System.Security.Cryptography;
using ImageGate.Distribution.Client;
using ImageGate.Distribution.Push;
using ImageGate.Testing;
using ImageGate.Testing.Registries;

namespace ImageGate.Distribution.Tests.Push;

public sealed class ImagePusherTests
{
    private static readonly RegistryClientOptions SmallChunks = new() { DelayScale = 0.01, ChunkSize = 256 * 1024 };

    [Fact]
    public async Task A_fresh_image_goes_up_while_hashed_and_one_the_registry_has_is_stopped_and_deleted_or_not_begun()
    {
        using var registry = LocalRegistry.Start();
        using var client = new RegistryClient(registry.Host, null, SmallChunks);
        using var dir = new TempDirectory();
        var ct = TestContext.Current.CancellationToken;
        var image = dir.Combine("disk.raw");
        var bytes = RandomNumberGenerator.GetBytes(3_000_000);
        File.WriteAllBytes(image, bytes);
        var pusher = new ImagePusher(client);
        PushRequest Request(string tags) => new(image, RegistryReference.Parse($"{registry.Host}/test/img{tags}", allowTagList: true)) { Version = "1" };

        var firstSteps = new List<string>();
        var first = await pusher.PushAsync(Request(""), firstSteps.Add, ct);
        var patches = registry.Requests("PATCH").Count;
        // Not a re-push by its tags (the default tag is new): it starts uploading again, and stops once the digest shows the registry has the bytes.
        var secondSteps = new List<string>();
        var second = await pusher.PushAsync(Request(":other"), secondSteps.Add, ct);
        var patchesAfterSecond = registry.Requests("PATCH").Count;
        // A named tag that exists: a likely re-push waits for the digest and uploads nothing.
        var thirdSteps = new List<string>();
        var third = await pusher.PushAsync(Request(":other"), thirdSteps.Add, ct);

        Assert.Equal(BlobPushOutcome.UploadedChunked, first.Layer);
        Assert.Contains(firstSteps, s => s.Contains("while hashing it", StringComparison.Ordinal));
        Assert.Equal($"sha256:{Convert.ToHexStringLower(SHA256.HashData(bytes))}", first.LayerDigest);
        Assert.Equal(12, patches); // 3,000,000 bytes in 256 KiB chunks

        Assert.Equal(BlobPushOutcome.Existed, second.Layer);
        Assert.Contains(secondSteps, s => s.Contains("stopped and deleted", StringComparison.Ordinal));
        Assert.Equal(first.LayerDigest, second.LayerDigest);
        Assert.Contains(registry.Requests("DELETE"), l => l.Contains("/blobs/uploads/", StringComparison.Ordinal) && l.Contains(" 204 ", StringComparison.Ordinal));
        var uploads = Path.Combine(registry.StorageDirectory, "docker/registry/v2/repositories/test/img/_uploads");
        Assert.Empty(Directory.Exists(uploads) ? Directory.GetFiles(uploads, "data", SearchOption.AllDirectories) : []); // the bytes sent are gone

        Assert.Equal(BlobPushOutcome.Existed, third.Layer);
        Assert.DoesNotContain(thirdSteps, s => s.Contains("while hashing", StringComparison.Ordinal));
        Assert.Equal(patchesAfterSecond, registry.Requests("PATCH").Count);
        Assert.False(third.ManifestWritten);

        await client.DownloadBlobAsync("test/img", new Descriptor("application/octet-stream", first.LayerDigest, bytes.Length), dir.Combine("back"), ct);
        Assert.Equal(bytes, File.ReadAllBytes(dir.Combine("back")));
    }
}

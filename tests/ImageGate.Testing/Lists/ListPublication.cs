using System.Text.Json.Nodes;
using ImageGate.Endorsement.Format;
using ImageGate.Endorsement.Git;
using ImageGate.Endorsement.Publishing;
using ImageGate.Lists;
using ImageGate.Lists.Reading;

namespace ImageGate.Testing.Lists;

/// <summary>Lists written by the real publisher: the records are committed to a throwaway list repository (real git) and
/// published by <see cref="ListPublisher"/> with its clock at the list's creation time, so the tests of the sites read
/// exactly what <c>imagegate publish</c> writes (and what its pre-signing check accepted).</summary>
public static class ListPublication
{
    private static readonly Dictionary<string, string> GitEnv = new()
    {
        ["GIT_AUTHOR_NAME"] = "ImageGate Tests",
        ["GIT_AUTHOR_EMAIL"] = "tests@imagegate.invalid",
        ["GIT_COMMITTER_NAME"] = "ImageGate Tests",
        ["GIT_COMMITTER_EMAIL"] = "tests@imagegate.invalid",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
    };

    /// <summary>The endorser the published test lists name (a workflow identity, as GitHub-published lists carry).</summary>
    public static EndorserIdentity Endorser { get; } = new("ImageGate tests", "lists@imagegate.invalid", null, null,
        "https://github.com/example/list/.github/workflows/publish.yml@refs/heads/main");

    /// <summary>Publishes <paramref name="records"/> as <c>endorsed-images.json</c> created at <paramref name="created"/>
    /// (whole seconds, as the publisher writes) and expiring at <paramref name="expires"/>; returns the list's bytes.
    /// The publisher numbers lists by its clock; <paramref name="version"/>, when given, replaces that number in the
    /// published list (tests of rollback and version reuse need small, chosen numbers).</summary>
    public static byte[] Publish(IEnumerable<ImageRecord> records, DateTimeOffset created, DateTimeOffset expires, long? version = null)
    {
        ExternalProcess.Require("git");
        using var temp = new TempDirectory("imagegate-publish");
        var repository = temp.Combine("list");
        Directory.CreateDirectory(repository);
        Git(repository, "init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(repository, "README.md"), "# Endorsed images\n");
        foreach (var record in records)
        {
            var folder = Path.Combine(repository, ListFormat.VersionFolder(record.Name, record.Version));
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, ListFormat.RecordFile), ListJson.Serialize(record));
        }
        Git(repository, "add", "-A");
        Git(repository, "commit", "-q", "-m", "Endorse the test images");
        var output = temp.Combine("out");
        new ListPublisher(new ImageGate.Git.GitCli(), new FixedClock(created)).PublishAsync(new PublishRequest
        {
            Repository = new ListRepository(repository),
            OutputDirectory = output,
            ExpiresAt = expires,
            Endorser = Endorser,
            Signer = new UnsignedList(),
        }, CancellationToken.None).GetAwaiter().GetResult();
        var bytes = File.ReadAllBytes(Path.Combine(output, ListContract.ListFile));
        return version is { } v ? Mutate(bytes, root => root["version"] = v) : bytes;
    }

    /// <summary>The record the publisher reads for an image as sites see it (<paramref name="image"/>): its identifier,
    /// name, version, digests, size, locations, architecture and format; its OS as the pretty name; built by this test.</summary>
    public static ImageRecord Record(SiteImage image, DateTimeOffset created) => new()
    {
        Identifier = image.Identifier,
        Name = image.Name,
        Version = image.Version,
        Os = new ImageGate.Lists.OperatingSystem(null, null, image.Os),
        Arch = image.Arch ?? "x86_64",
        Format = image.Format,
        Size = image.Size,
        Sha256 = image.Sha256 ?? throw new ArgumentException("a list record needs the image's SHA-256", nameof(image)),
        Sha512 = image.Sha512,
        Uri = image.Uri,
        Oci = image.Oci,
        Created = created,
        BuiltBy = new BuildProvenance("https://github.com/example/images/.github/workflows/build.yml@refs/heads/main", null, null),
        ScanPassed = true,
        Hepix = new HepixHints("QEMU,KVM", null, null),
    };

    /// <summary>A published list changed by <paramref name="change"/> on its JSON tree, written back as the publisher writes
    /// (<see cref="ListJson"/>): how tests make a real list hostile or malformed one field at a time.</summary>
    public static byte[] Mutate(byte[] list, Action<JsonObject> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var root = JsonNode.Parse(list)!.AsObject();
        change(root);
        return ListJson.Serialize(root);
    }

    private static void Git(string directory, params string[] arguments)
    {
        var result = ExternalProcess.Run("git", ["-C", directory, .. arguments], environment: GitEnv, timeout: TimeSpan.FromSeconds(60));
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {result.StandardError}");
    }

    /// <summary>The publisher's clock, stopped at the list's creation time.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }

    /// <summary>A list signer that signs nothing (writes <c>{}</c> as the bundle), for tests that look at what the
    /// publisher writes rather than at its signature.</summary>
    public static IListSigner Unsigned { get; } = new UnsignedList();

    /// <summary>Signs nothing: the tests sign the published bytes with their own key (<c>ListSigner</c>).</summary>
    private sealed class UnsignedList : IListSigner
    {
        public Task<string> SignAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => Task.FromResult("{}");
    }
}

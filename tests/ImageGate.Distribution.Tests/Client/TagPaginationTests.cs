using ImageGate.Distribution.Client;
using ImageGate.Testing.Registries;

namespace ImageGate.Distribution.Tests.Client;

/// <summary>Tag listing with <c>Link</c> pagination: tags pushed to the real registry, listed through
/// <see cref="TagPagingFront"/>, which pages the registry's own list as the OCI distribution spec says (Debian's
/// distribution 2.8 answers every tag in one page whatever <c>n</c> asks).</summary>
public sealed class TagPaginationTests
{
    private static readonly RegistryClientOptions Fast = new() { DelayScale = 0.01 };

    private static async Task<IReadOnlyList<string>> PushTagsAsync(LocalRegistry registry, int count, CancellationToken ct)
    {
        using var client = new RegistryClient(registry.Host, null, Fast);
        var manifest = await RegistryClientTests.PushArtifactAsync(client, "test/paged", "v00", ct);
        var tags = Enumerable.Range(0, count).Select(i => $"v{i:D2}").ToList();
        foreach (var t in tags.Skip(1))
            await client.PutManifestAsync("test/paged", t, MediaTypes.ImageManifest, manifest.Content, ct);
        return tags;
    }

    [Fact]
    public async Task More_tags_than_a_page_are_all_listed_by_following_the_next_links()
    {
        var ct = TestContext.Current.CancellationToken;
        using var registry = LocalRegistry.Start();
        var pushed = await PushTagsAsync(registry, 11, ct);
        using var front = new TagPagingFront(registry);
        using var client = new RegistryClient(front.Host, null, Fast);

        var tags = await client.ListTagsAsync("test/paged", pageSize: 4, ct);

        Assert.Equal(pushed, tags); // in the spec's lexical order, each exactly once
        Assert.Equal(["?n=4", "?n=4&last=v03", "?n=4&last=v07"], front.Pages);
    }

    [Fact]
    public async Task A_next_page_link_to_another_host_is_not_followed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var registry = LocalRegistry.Start();
        var pushed = await PushTagsAsync(registry, 5, ct);
        using var front = new TagPagingFront(registry, linkAuthority: "registry.example.invalid");
        using var client = new RegistryClient(front.Host, null, Fast);

        var tags = await client.ListTagsAsync("test/paged", pageSize: 2, ct);

        Assert.Equal(pushed.Take(2), tags);
        Assert.Single(front.Pages);
    }
}

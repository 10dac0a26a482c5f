using ImageGate.Testing;

namespace ImageGate.DiskImages.Tests.Support;

/// <summary>Content hashes of every regular file of the two fixture roots, as 7-Zip extracts them (once per run):
/// "root" from gpt.raw and "planted" from planted-gpt.raw. Only paths 7-Zip lists as regular files count.</summary>
public sealed class SevenZipReference
{
    private readonly Lazy<TreeSnapshot> _root = new(() => Build("gpt.raw"));
    private readonly Lazy<TreeSnapshot> _planted = new(() => Build("planted-gpt.raw"));

    internal TreeSnapshot For(string family) => family == "planted" ? _planted.Value : _root.Value;

    private static TreeSnapshot Build(string fixture)
    {
        var path = Fixtures.Path(fixture);
        using var temp = new TempDirectory("ig-7zref");
        var listing = SevenZip.List(path);
        var extracted = SevenZip.ExtractHashes(path, temp.Combine("x"));
        foreach (var (rel, facts) in listing.Entries)
            if (facts.Kind == "file")
                listing.Hashes[rel] = extracted.Hashes.TryGetValue(rel, out var h) ? h
                    : throw new InvalidOperationException($"7zz did not extract {rel} from {fixture}");
        Assert.True(listing.Hashes.Count > 1000, $"7zz extracted only {listing.Hashes.Count} files from {fixture}");
        return listing;
    }
}

using ImageGate.Core.Errors;
using ImageGate.Lists.Reading;

namespace ImageGate.Site.Blocking;

/// <summary>The images a site blocks locally (<c>--block</c> of <c>site sync</c> and <c>site check</c>): an entry
/// <c>NAME@VERSION</c> blocks that version, <c>NAME</c> every version of the image. The one parser of that grammar.</summary>
public sealed class BlockList
{
    private readonly HashSet<string> _labels;
    private readonly HashSet<string> _names;

    private BlockList(IReadOnlyList<string> entries)
    {
        Entries = entries;
        _labels = entries.Where(e => e.Contains('@', StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        _names = entries.Where(e => !e.Contains('@', StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>A list that blocks nothing.</summary>
    public static BlockList Empty { get; } = new([]);

    /// <summary>The entries as given.</summary>
    public IReadOnlyList<string> Entries { get; }

    /// <summary>Parses the entries; throws <see cref="BadInputException"/> naming the first one that is empty or has an
    /// empty name or version (<c>@V</c>, <c>N@</c>).</summary>
    public static BlockList Parse(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = entries.ToList();
        foreach (var e in list)
            if (e.Length == 0 || e.StartsWith('@') || e.EndsWith('@'))
                throw new BadInputException($"--block '{e}': expected NAME@VERSION or NAME");
        return list.Count == 0 ? Empty : new BlockList(list);
    }

    /// <summary>True when the site blocks version <paramref name="version"/> of image <paramref name="name"/>.</summary>
    public bool Blocks(string name, string version) =>
        _names.Contains(name) || (_labels.Count > 0 && _labels.Contains($"{name}@{version}"));

    /// <summary>True when the site blocks this endorsed image.</summary>
    public bool Blocks(SiteImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Blocks(image.Name, image.Version);
    }
}

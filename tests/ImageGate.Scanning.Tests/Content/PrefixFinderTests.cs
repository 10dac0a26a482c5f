using System.Text;
using ImageGate.Scanning.Content;

namespace ImageGate.Scanning.Tests.Content;

public sealed class PrefixFinderTests
{
    private static readonly PrefixFinder Finder = new(ContentSearcher.Patterns);

    /// <summary>The definition: the first position in [from, limit) where a whole pattern lies in the data.</summary>
    private static int Reference(byte[] data, int from, int limit)
    {
        var patterns = ContentSearcher.Patterns.Select(Encoding.ASCII.GetBytes).ToList();
        for (var p = from; p < Math.Min(limit, data.Length); p++)
            if (patterns.Any(x => data.AsSpan(p).StartsWith(x))) return p;
        return -1;
    }

    private static List<int> All(Func<byte[], int, int, int> find, byte[] data, int limit)
    {
        var found = new List<int>();
        for (var pos = 0; pos < limit;)
        {
            var p = find(data, pos, limit);
            if (p < 0) break;
            found.Add(p);
            pos = p + 1;
        }
        return found;
    }

    [Fact]
    public void Every_pattern_at_every_offset_around_a_vector_block_and_the_buffer_end_is_found_by_both_paths_as_by_the_definition()
    {
        foreach (var pattern in ContentSearcher.Patterns)
            for (var at = 0; at < 100; at++)
                foreach (var length in new[] { at + pattern.Length, at + pattern.Length + 1, at + pattern.Length + 40, 131 })
                {
                    if (length < at + pattern.Length) continue;
                    var data = new byte[length];
                    Array.Fill(data, (byte)'.');
                    Encoding.ASCII.GetBytes(pattern).CopyTo(data, at);
                    foreach (var limit in new[] { length, at, at + 1, Math.Max(0, length - 34) })
                    {
                        var expected = Reference(data, 0, limit);
                        Assert.Equal(expected, Finder.IndexOf(data, 0, limit));
                        Assert.Equal(expected, Finder.IndexOfScalar(data, 0, limit));
                    }
                    // A pattern cut short by the end of the buffer is not a match.
                    var cut = data.AsSpan(0, at + pattern.Length - 1).ToArray();
                    Assert.Equal(Reference(cut, 0, cut.Length), Finder.IndexOf(cut, 0, cut.Length));
                }
    }

    [Fact]
    public void Random_bytes_text_and_near_misses_give_the_same_positions_on_both_paths_as_the_definition()
    {
        var random = new Random(19);
        var alphabet = Encoding.ASCII.GetBytes("-ABEGIKLPSTVWacdeghiklmnoprstuvxyz_.0J=Sk ");
        for (var round = 0; round < 60; round++)
        {
            var data = new byte[random.Next(1, 5000)];
            if (round % 3 == 0) random.NextBytes(data);
            else for (var i = 0; i < data.Length; i++) data[i] = alphabet[random.Next(alphabet.Length)];
            // Plant whole patterns and patterns missing their last byte.
            for (var k = 0; k < 20; k++)
            {
                var pattern = Encoding.ASCII.GetBytes(ContentSearcher.Patterns[random.Next(ContentSearcher.Patterns.Length)]);
                if (k % 2 == 1) pattern = pattern[..^1];
                var at = random.Next(data.Length);
                pattern.AsSpan(0, Math.Min(pattern.Length, data.Length - at)).CopyTo(data.AsSpan(at));
            }
            var limit = round % 4 == 0 ? random.Next(data.Length + 1) : data.Length;
            var expected = All(Reference, data, limit);
            Assert.Equal(expected, All((d, f, l) => Finder.IndexOf(d, f, l), data, limit));
            Assert.Equal(expected, All((d, f, l) => Finder.IndexOfScalar(d, f, l), data, limit));
        }
    }

    [Fact]
    public void Short_patterns_and_patterns_sharing_first_bytes_are_found_exactly()
    {
        var finder = new PrefixFinder(["a", "ab", "xyz", "xq", "Zz"]);
        var data = Encoding.ASCII.GetBytes(new string('.', 40) + "Z.xq.xy" + new string('.', 30) + "a");
        Assert.Equal(42, finder.IndexOf(data, 0, data.Length));
        Assert.Equal(42, finder.IndexOfScalar(data, 0, data.Length));
        Assert.Equal(data.Length - 1, finder.IndexOf(data, 43, data.Length));
        Assert.Equal(data.Length - 1, finder.IndexOfScalar(data, 43, data.Length));
        Assert.Equal(-1, finder.IndexOf(data, 43, data.Length - 1));
    }
}

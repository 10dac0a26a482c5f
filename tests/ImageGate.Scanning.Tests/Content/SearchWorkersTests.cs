using System.Collections.Concurrent;
using ImageGate.Scanning.Content;

namespace ImageGate.Scanning.Tests.Content;

[Collection(SearchWorkersTests.Alone)]
public sealed class SearchWorkersTests
{
    /// <summary>Run with no other test of the assembly at the same time: one test looks at every thread's priority, and
    /// a scan running beside it would have lowered threads of its own.</summary>
    public const string Alone = "priorities of every thread";

    [Fact]
    public async Task Every_item_is_searched_once_on_threads_of_their_own_at_a_lower_priority_that_end_with_the_search()
    {
        var seen = new ConcurrentDictionary<int, int>();
        var nices = new ConcurrentBag<int>();
        var threads = new ConcurrentBag<int>();
        var items = Enumerable.Range(0, 500).ToList();

        await SearchWorkers.RunAsync(items, 2, (item, _) =>
        {
            seen.AddOrUpdate(item, 1, (_, n) => n + 1);
            nices.Add(CurrentThreadNice());
            threads.Add(Environment.CurrentManagedThreadId);
        }, TestContext.Current.CancellationToken);

        Assert.Equal(items, seen.Keys.Order());
        Assert.All(seen.Values, n => Assert.Equal(1, n));
        Assert.All(nices, n => Assert.Equal(SearchWorkers.Nice, n));
        Assert.InRange(threads.Distinct().Count(), 1, 2);
        // What follows the search runs at normal priority, and no thread of the process stays lowered.
        Assert.Equal(0, CurrentThreadNice());
        Assert.All(Directory.GetDirectories("/proc/self/task"), t => Assert.Equal(0, Nice(File.ReadAllText(Path.Combine(t, "stat")))));
    }

    [Fact]
    public async Task The_first_failure_stops_the_other_workers_and_is_rethrown()
    {
        var done = 0;
        var items = Enumerable.Range(0, 10_000).ToList();

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => SearchWorkers.RunAsync(items, 2, (item, _) =>
        {
            if (item == 50) throw new InvalidDataException("item 50 is damaged");
            Interlocked.Increment(ref done);
        }, TestContext.Current.CancellationToken));

        Assert.Equal("item 50 is damaged", ex.Message);
        Assert.True(done < items.Count - 1, $"{done} items were still searched after the failure");
    }

    /// <summary>The nice value in a thread's /proc stat line (its field 19).</summary>
    private static int CurrentThreadNice() => Nice(File.ReadAllText("/proc/thread-self/stat"));

    private static int Nice(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture); // field 19 counting from pid
    }
}

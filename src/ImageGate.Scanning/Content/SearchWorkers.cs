using System.Runtime.InteropServices;

namespace ImageGate.Scanning.Content;

/// <summary>Runs the content search on threads of its own at a lower scheduling priority (Linux: nice +10 for each of
/// these threads alone, which any thread may ask for itself). The image's SHA-512, on its own thread at normal
/// priority, is the scan's longest path (the floor the benchmark measures against); searching at normal priority, the
/// search's threads took a fair share of its core and left SHA-512 running alone at the end, while at a lower priority
/// they use what the digests leave and the scan ends sooner (on the 1 GB benchmark image, two cores: 2.04–2.10 s →
/// 1.87–1.91 s wall, docs/benchmarks.md). The threads end with the search, and no other thread is ever lowered.
/// Elsewhere, or when the call fails, the threads run at normal priority.</summary>
internal static class SearchWorkers
{
    /// <summary>The nice value the search's threads take (0 normal, 19 lowest).</summary>
    public const int Nice = 10;

    /// <summary>Calls <paramref name="work"/> for each item on <paramref name="threads"/> lowered-priority threads; the
    /// first failure (or the cancellation) stops the others and is rethrown.</summary>
    public static async Task RunAsync<T>(IReadOnlyList<T> items, int threads, Action<T, CancellationToken> work, CancellationToken cancellationToken)
    {
        var next = -1;
        Exception? failure = null;
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = failed.Token;
        var workers = new Thread[Math.Max(1, Math.Min(threads, items.Count))];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = new Thread(() =>
            {
                Lower();
                try
                {
                    for (int i; (i = Interlocked.Increment(ref next)) < items.Count;)
                    {
                        token.ThrowIfCancellationRequested();
                        work(items[i], token);
                    }
                }
                catch (Exception ex)
                {
                    // The first failure wins; the cancellations it causes in the other workers come after it.
                    Interlocked.CompareExchange(ref failure, ex, null);
                    failed.Cancel();
                }
            })
            { IsBackground = true, Name = "content search" };
            workers[w].Start();
        }
        // Waited for on a thread of normal priority: a lowered thread never completes a task or queues work, since a
        // thread the pool would start from it would inherit its priority (Linux threads inherit their creator's nice).
        await Task.Factory.StartNew(() =>
        {
            foreach (var worker in workers) worker.Join();
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        if (failure is OperationCanceledException) cancellationToken.ThrowIfCancellationRequested();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }

    private static void Lower()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            _ = SetPriority(0 /* PRIO_PROCESS: here one thread */, GetTid(), Nice);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Normal priority, then.
        }
    }

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetTid();

    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int priority);
}

using System.Runtime.InteropServices;

namespace ImageGate.Packer;

/// <summary>Interrupts a process, its descendants and its process group, as Ctrl-C in a terminal interrupts the
/// foreground process group. Packer needs this: its outer process (panicwrap) ignores SIGINT and relies on the inner
/// one receiving it, and a provisioner's shell whose plugin exits is re-parented out of the tree but stays in the
/// group (Packer is started in its own session, so the group is its own).</summary>
internal static partial class ProcessTree
{
    private const int SigInt = 2;
    private const int SigKill = 9;

    /// <summary>Sends SIGINT to <paramref name="pid"/>, every descendant and every member of the process group
    /// <paramref name="pid"/> leads (Linux /proc) not already in <paramref name="signalled"/>, and adds them to it;
    /// returns how many were signalled this time.</summary>
    public static int Interrupt(int pid, ISet<int> signalled)
    {
        if (!OperatingSystem.IsLinux()) return 0;
        var count = 0;
        foreach (var p in WithDescendants(pid).Concat(GroupMembers(pid)))
            if (signalled.Add(p) && Kill(p, SigInt) == 0) count++;
        return count;
    }

    /// <summary>Kills (SIGKILL) <paramref name="pid"/>, its descendants and its process group's members.</summary>
    public static void KillAll(int pid)
    {
        if (!OperatingSystem.IsLinux()) return;
        foreach (var p in WithDescendants(pid).Concat(GroupMembers(pid)).Distinct()) Kill(p, SigKill);
    }

    /// <summary>The processes whose process group is <paramref name="pgid"/> (field 5 of /proc/PID/stat).</summary>
    public static IEnumerable<int> GroupMembers(int pgid)
    {
        IEnumerable<string> dirs;
        try { dirs = Directory.EnumerateDirectories("/proc"); }
        catch (IOException) { yield break; }
        foreach (var dir in dirs)
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so count from the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 2 && int.TryParse(fields[2], out var group) && group == pgid) yield return pid;
        }
    }

    /// <summary>Interrupts <paramref name="pid"/> and its descendants, then, until <paramref name="stop"/> is
    /// cancelled, every <paramref name="interval"/> also the descendants that appeared since: a child forked just
    /// after the first signal (a shell starting its next command) would otherwise never hear of it, and Packer would
    /// wait for it to finish on its own.</summary>
    public static async Task InterruptUntilAsync(int pid, TimeSpan interval, CancellationToken stop)
    {
        var signalled = new HashSet<int>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                Interrupt(pid, signalled);
                await Task.Delay(interval, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>The process and its descendants, parents first.</summary>
    public static IReadOnlyList<int> WithDescendants(int pid)
    {
        var all = new List<int> { pid };
        for (var i = 0; i < all.Count && all.Count < 4096; i++)
            all.AddRange(Children(all[i]).Where(c => !all.Contains(c)));
        return all;
    }

    private static IEnumerable<int> Children(int pid)
    {
        var tasks = $"/proc/{pid}/task";
        string[] dirs;
        try { dirs = Directory.GetDirectories(tasks); }
        catch (IOException) { yield break; }
        catch (UnauthorizedAccessException) { yield break; }
        foreach (var dir in dirs)
        {
            string text;
            try { text = File.ReadAllText(Path.Combine(dir, "children")); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            foreach (var part in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                if (int.TryParse(part, out var child)) yield return child;
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}

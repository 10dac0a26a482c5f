using System.Runtime.InteropServices;

namespace ImageGate.Packer;

/// <summary>Interrupts a process and its descendants, as Ctrl-C in a terminal interrupts the foreground process
/// group. Packer needs this: its outer process (panicwrap) ignores SIGINT and relies on the inner one receiving it.</summary>
internal static partial class ProcessTree
{
    private const int SigInt = 2;

    /// <summary>Sends SIGINT to <paramref name="pid"/> and every descendant (Linux /proc); returns how many were signalled.</summary>
    public static int Interrupt(int pid)
    {
        if (!OperatingSystem.IsLinux()) return 0;
        var signalled = 0;
        foreach (var p in WithDescendants(pid))
            if (Kill(p, SigInt) == 0) signalled++;
        return signalled;
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

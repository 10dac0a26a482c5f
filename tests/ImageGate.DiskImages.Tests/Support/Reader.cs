using ImageGate.Core.Errors;
using ImageGate.FileTrees;

namespace ImageGate.DiskImages.Tests.Support;

/// <summary>Reads everything an image offers, as the scanner would: the root file system, every partition's file
/// system, every entry and every regular file's content.</summary>
internal static class Reader
{
    public static void ReadEverything(string path)
    {
        using var image = DiskImage.Open(path);
        using (var root = image.OpenRootFileSystem()) ReadAll(root);
        foreach (var p in image.Partitions.Where(p => p.FileSystem is not null))
        {
            using var fs = image.OpenFileSystem(p.Number);
            ReadAll(fs);
        }
    }

    private static void ReadAll(IFileSystem fs)
    {
        var buffer = new byte[1 << 16];
        foreach (var e in fs.Walk())
        {
            if (e.Kind != EntryKind.File) continue;
            using var s = fs.OpenRead(e);
            while (s.Read(buffer) > 0) { }
        }
    }

    /// <summary>Runs <paramref name="action"/> with a deadline; returns the exception it ended with (null for success).</summary>
    public static Exception? Within(TimeSpan deadline, Action action, string what)
    {
        var task = Task.Run(action);
        try
        {
            if (!task.Wait(deadline)) Assert.Fail($"{what}: no result within {deadline.TotalSeconds} s (hang?)");
            return null;
        }
        catch (AggregateException ex) { return ex.InnerException; }
    }

    public static BadInputException AssertBadInput(Exception? ex, string what)
    {
        Assert.True(ex is not null, $"{what}: was read without an error");
        Assert.True(ex is BadInputException, $"{what}: ended in {ex!.GetType().Name} instead of BadInputException: {ex}");
        return (BadInputException)ex;
    }
}

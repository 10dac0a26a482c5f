using ImageGate.DiskImages.Internal;
using ImageGate.FileTrees;

namespace ImageGate.DiskImages.Containers;

/// <summary>Resolves a file an image refers to (qcow2 backing file, VMDK extent) and refuses ones that leave the
/// image's folder (after following host symlinks) unless the options allow it.</summary>
internal static class NeighbourFiles
{
    public static string Resolve(string imagePath, string reference, DiskImageOptions options, string what)
    {
        if (reference.Length == 0 || reference.Contains('\0'))
            throw Fail.Bad(imagePath, $"{what} name is empty or holds a NUL byte");
        if (reference.Contains("://", StringComparison.Ordinal) || reference.StartsWith("json:", StringComparison.Ordinal))
            throw Fail.Bad(imagePath, $"{what} '{reference}' is not a plain file name (protocols and json: are refused)");
        var folder = Path.GetDirectoryName(Path.GetFullPath(imagePath))!;
        var full = Path.GetFullPath(reference, folder);
        var real = RealPath(full);
        var realFolder = RealPath(folder);
        if (!options.AllowBackingOutsideFolder && !IsInside(real, realFolder))
            throw Fail.Bad(imagePath, $"{what} '{reference}' resolves to {real}, outside the image's folder {realFolder}; refused (allow it with AllowBackingOutsideFolder)");
        if (!File.Exists(real))
            throw Fail.Bad(imagePath, $"{what} '{reference}' does not exist ({real})");
        return real;
    }

    private static bool IsInside(string path, string folder) =>
        path.StartsWith(folder.EndsWith('/') ? folder : folder + "/", StringComparison.Ordinal);

    /// <summary>The path with every symlink component resolved (bounded).</summary>
    public static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var parts = full.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
        var current = "/";
        for (int i = 0, hops = 0; i < parts.Count; i++)
        {
            var next = Path.Combine(current, parts[i]);
            FileSystemInfo info = new FileInfo(next);
            if (info.Exists || Directory.Exists(next))
            {
                if (Directory.Exists(next)) info = new DirectoryInfo(next);
                if (info.LinkTarget is { } target)
                {
                    if (++hops > TreePath.MaxSymlinks) return next;
                    var resolved = Path.GetFullPath(target, current);
                    var rest = parts.Skip(i + 1);
                    parts = [.. resolved.Split('/', StringSplitOptions.RemoveEmptyEntries), .. rest];
                    current = "/";
                    i = -1;
                    continue;
                }
            }
            current = next;
        }
        return current;
    }
}

using ImageGate.FileTrees;
using ImageGate.Testing.Images;

namespace ImageGate.DiskImages.Tests.FileSystems.Xfs;

/// <summary>Compares a file system read by ImageGate with the host tree it was made from.</summary>
internal static class TreeAssert
{
    /// <summary>Same paths, kinds, modes, owners, sizes, link targets, devices and regular-file SHA-256.</summary>
    public static void Equal(IReadOnlyDictionary<string, HostEntry> expected, IFileSystem fs)
    {
        var walked = fs.Walk("/").ToList();
        Assert.Equal("/", walked[0].Path);
        var actual = walked.Skip(1).ToDictionary(e => e.Path, StringComparer.Ordinal);
        var missing = expected.Keys.Except(actual.Keys).Order(StringComparer.Ordinal).Take(10).ToList();
        var extra = actual.Keys.Except(expected.Keys).Order(StringComparer.Ordinal).Take(10).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"missing: {string.Join(", ", missing)}; unexpected: {string.Join(", ", extra)}");
        var problems = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.ForEach(expected, new ParallelOptions { MaxDegreeOfParallelism = 4 }, kv =>
        {
            var (path, want) = kv;
            var got = actual[path];
            var wantSize = want.Kind is EntryKind.File or EntryKind.Symlink ? want.Size : got.Size;
            if (got.Kind != want.Kind || got.Mode != (want.Kind == EntryKind.Symlink ? got.Mode : want.Mode)
                || got.Uid != want.Uid || got.Gid != want.Gid || got.Size != wantSize
                || got.LinkTarget != want.LinkTarget || got.Device != want.Device)
            {
                problems.Add($"{path}: expected {want.Kind} 0{Convert.ToString(want.Mode, 8)} {want.Uid}:{want.Gid} {want.Size} {want.LinkTarget} {want.Device}, " +
                    $"got {got.Kind} 0{Convert.ToString(got.Mode, 8)} {got.Uid}:{got.Gid} {got.Size} {got.LinkTarget} {got.Device}");
                return;
            }
            if (want.Kind == EntryKind.File)
            {
                using var s = fs.OpenRead(got);
                var hash = HostTree.Sha256(s);
                if (hash != HostTree.Sha256(want.HostPath))
                    problems.Add($"{path}: content differs");
            }
        });
        Assert.True(problems.IsEmpty, string.Join("\n", problems.Take(20)));
    }
}

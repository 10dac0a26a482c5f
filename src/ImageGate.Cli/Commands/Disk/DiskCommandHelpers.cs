using System.Globalization;
using ImageGate.DiskImages;
using ImageGate.FileTrees;

namespace ImageGate.Cli.Commands.Disk;

/// <summary>Formatting shared by <c>ls</c> and <c>cat</c>.</summary>
internal static class DiskCommandHelpers
{
    public static IFileSystem OpenFileSystem(DiskImage disk, int? partition) =>
        partition is { } n ? disk.OpenFileSystem(n) : disk.OpenRootFileSystem();

    public static string TypeName(EntryKind kind) => kind switch
    {
        EntryKind.File => "file",
        EntryKind.Directory => "dir",
        EntryKind.Symlink => "symlink",
        EntryKind.CharDevice => "chardev",
        EntryKind.BlockDevice => "blockdev",
        EntryKind.Fifo => "fifo",
        _ => "socket",
    };

    public static string OctalMode(int mode) => Convert.ToString(mode & 0xFFF, 8).PadLeft(4, '0');

    public static string ModeString(EntryKind kind, int mode)
    {
        var c = new char[10];
        c[0] = kind switch
        {
            EntryKind.Directory => 'd', EntryKind.Symlink => 'l', EntryKind.CharDevice => 'c',
            EntryKind.BlockDevice => 'b', EntryKind.Fifo => 'p', EntryKind.Socket => 's', _ => '-',
        };
        const string rwx = "rwxrwxrwx";
        for (var i = 0; i < 9; i++) c[i + 1] = (mode & (1 << (8 - i))) != 0 ? rwx[i] : '-';
        if ((mode & 0x800) != 0) c[3] = c[3] == 'x' ? 's' : 'S';
        if ((mode & 0x400) != 0) c[6] = c[6] == 'x' ? 's' : 'S';
        if ((mode & 0x200) != 0) c[9] = c[9] == 'x' ? 't' : 'T';
        return new string(c).ToString(CultureInfo.InvariantCulture);
    }
}

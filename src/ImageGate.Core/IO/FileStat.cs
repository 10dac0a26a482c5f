using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ImageGate.Core.IO;

/// <summary>What the kernel says of an open file that changes whenever its content may have changed (as git's index
/// stat data): device and inode (which file), size, modification time and status-change time in nanoseconds. The
/// status-change time (<c>ctime</c>) is set by the kernel on every write, truncation or <c>utimensat</c>, and no
/// user can set it, so a file whose content was changed and whose size and mtime were put back still differs here.
/// Read with Linux <c>statx</c> on the open descriptor; elsewhere (or when the kernel does not report all of these)
/// there is none.</summary>
/// <param name="Device">The device (major, minor) the file is on.</param>
/// <param name="Inode">Its inode number.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="ModifiedNs">Its modification time, nanoseconds since the Unix epoch.</param>
/// <param name="ChangedNs">Its status-change time (<c>ctime</c>), nanoseconds since the Unix epoch.</param>
public readonly record struct FileStat(ulong Device, ulong Inode, long Size, long ModifiedNs, long ChangedNs)
{
    private const int AtEmptyPath = 0x1000;
    private const uint StatxMtime = 0x40, StatxCtime = 0x80, StatxIno = 0x100, StatxSize = 0x200;
    private const uint Wanted = StatxMtime | StatxCtime | StatxIno | StatxSize;
    private static bool _supported = OperatingSystem.IsLinux();

    /// <summary>The status of the file open as <paramref name="handle"/>, or null where it cannot be read in full.</summary>
    public static FileStat? TryRead(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (!_supported) return null;
        var added = false;
        var buffer = new byte[256];
        try
        {
            handle.DangerousAddRef(ref added);
            if (Statx((int)handle.DangerousGetHandle(), "", AtEmptyPath, Wanted, buffer) != 0) return null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            _supported = false;
            return null;
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
        var span = buffer.AsSpan();
        var mask = BitConverter.ToUInt32(span[0..4]);
        if ((mask & Wanted) != Wanted) return null;
        // struct statx: stx_ino at 32, stx_size at 40, stx_ctime at 96, stx_mtime at 112 ({i64 sec, u32 nsec, i32}),
        // stx_dev_major at 136, stx_dev_minor at 140.
        var inode = BitConverter.ToUInt64(span[32..40]);
        var size = BitConverter.ToInt64(span[40..48]);
        static long Ns(ReadOnlySpan<byte> t) => BitConverter.ToInt64(t[0..8]) * 1_000_000_000L + BitConverter.ToUInt32(t[8..12]);
        var changed = Ns(span[96..112]);
        var modified = Ns(span[112..128]);
        var device = ((ulong)BitConverter.ToUInt32(span[136..140]) << 32) | BitConverter.ToUInt32(span[140..144]);
        return new FileStat(device, inode, size, modified, changed);
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
}

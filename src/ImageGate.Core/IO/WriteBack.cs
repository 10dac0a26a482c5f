using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ImageGate.Core.IO;

/// <summary>Starts the kernel's write-back of a range of a file being written (Linux <c>sync_file_range</c> with
/// <c>SYNC_FILE_RANGE_WRITE</c>: asynchronous, it waits for nothing), so that a large download's final flush to disk
/// has little left to do. Elsewhere, or when the call fails, it does nothing: the final flush still makes the file
/// durable.</summary>
public static class WriteBack
{
    private const uint SyncFileRangeWrite = 2;
    private static bool _supported = OperatingSystem.IsLinux();

    /// <summary>Asks for the write-back of <paramref name="count"/> bytes from <paramref name="offset"/>; true when the
    /// kernel took the request (false where it is not supported: nothing else changes).</summary>
    public static bool Start(SafeFileHandle handle, long offset, long count)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (!_supported || count <= 0) return false;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (SyncFileRange((int)handle.DangerousGetHandle(), offset, count, SyncFileRangeWrite) == 0) return true;
            _supported = false;
            return false;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            _supported = false;
            return false;
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    [DllImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SyncFileRange(int fd, long offset, long count, uint flags);
}

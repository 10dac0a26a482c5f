namespace ImageGate.Testing.Images;

/// <summary>
/// Held while a test image is built with the host's LVM tools. The LVM test images all name their volume group
/// "almalinux" and LVM scans every attached loop device, so two builds at once (in this process or in another test
/// project run at the same time) would see each other's volume group. The lock is an exclusive lock on a file in
/// the temp folder, so it spans processes.
/// </summary>
public static class HostLvm
{
    private static readonly string LockPath = Path.Combine(Path.GetTempPath(), "imagegate-test-host-lvm.lock");

    /// <summary>Waits (up to 15 minutes) until no other build uses the host's LVM; dispose to release.</summary>
    public static IDisposable Acquire()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(15);
        while (true)
        {
            try
            {
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
        }
    }
}

using ImageGate.Core.IO;
using ImageGate.Testing;

namespace ImageGate.Core.Tests.IO;

public sealed class WriteBackTests
{
    [Fact]
    public void The_kernel_takes_a_write_back_request_for_a_file_being_written_and_the_bytes_stay_as_written()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("blob");
        var bytes = new byte[3 << 20];
        new Random(7).NextBytes(bytes);
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            file.Write(bytes);
            file.Flush();
            Assert.True(WriteBack.Start(file.SafeFileHandle, 0, bytes.Length), "sync_file_range was not taken on Linux");
            Assert.False(WriteBack.Start(file.SafeFileHandle, 0, 0));
        }
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }
}

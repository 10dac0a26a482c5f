namespace ImageGate.Testing.Images;

/// <summary>A loop device over (a window of) a file, detached on dispose. Needs root; failing to attach fails the test.</summary>
public sealed class LoopDevice : IDisposable
{
    private LoopDevice(string device) => Device = device;

    /// <summary>The device path, e.g. /dev/loop3.</summary>
    public string Device { get; }

    /// <summary>Attaches <paramref name="file"/> (from <paramref name="offset"/>, <paramref name="size"/> bytes when given).</summary>
    public static LoopDevice Attach(string file, long offset = 0, long? size = null)
    {
        List<string> args = ["-f", "--show"];
        if (offset != 0) args.AddRange(["-o", offset.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (size is not null) args.AddRange(["--sizelimit", size.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        args.Add(file);
        var r = ExternalProcess.Run("losetup", args, timeout: TimeSpan.FromMinutes(1));
        if (r.ExitCode != 0)
            throw new InvalidOperationException(
                $"cannot attach a loop device to {file} (these tests need root and free loop devices: `losetup -f --show FILE`): {r.StandardError.Trim()}");
        return new LoopDevice(r.StandardOutput.Trim());
    }

    /// <inheritdoc />
    public void Dispose() => ExternalProcess.Run("losetup", ["-d", Device], timeout: TimeSpan.FromMinutes(1));
}

using ImageGate.Cli;

namespace ImageGate.Testing;

/// <summary>The outcome of one in-process <c>imagegate</c> run.</summary>
public sealed record CliResult(int ExitCode, string StandardOutput, string StandardError, byte[] RawOutput);

/// <summary>Runs the real <c>imagegate</c> command line in process, with captured streams and a chosen environment.</summary>
public static class CliRunner
{
    /// <summary>Runs <c>imagegate</c> with <paramref name="args"/>; variables default to none but PATH and HOME; <paramref name="time"/> pins the clock; <paramref name="standardInput"/> is what the tool reads from standard input.</summary>
    public static async Task<CliResult> RunAsync(string[] args, IDictionary<string, string>? variables = null, string? workingDirectory = null, TimeProvider? time = null, byte[]? standardInput = null)
    {
        var vars = new Dictionary<string, string>
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "",
            ["HOME"] = Environment.GetEnvironmentVariable("HOME") ?? "/root",
        };
        if (variables is not null)
            foreach (var (k, v) in variables) vars[k] = v;
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var raw = new MemoryStream();
        var env = new CliEnvironment(stdout, stderr, vars, workingDirectory ?? Environment.CurrentDirectory)
        {
            OpenStandardOutput = () => new NonClosingStream(raw),
            Time = time ?? TimeProvider.System,
            OpenStandardInput = () => new MemoryStream(standardInput ?? [], writable: false),
        };
        var code = await CliApp.RunAsync(args, env);
        return new CliResult(code, stdout.ToString(), stderr.ToString(), raw.ToArray());
    }

    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
    }
}

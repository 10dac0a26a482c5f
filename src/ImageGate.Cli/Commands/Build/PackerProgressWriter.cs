using ImageGate.Packer;

namespace ImageGate.Cli.Commands.Build;

/// <summary>Packer's progress as plain lines on standard error (standard output stays for the result); also what
/// <c>imagegate run</c> shows while it builds.</summary>
internal sealed class PackerProgressWriter(TextWriter error) : IProgress<PackerEvent>
{
    public void Report(PackerEvent value)
    {
        var text = value.Text.Trim('\n');
        if (text.Length == 0 || value.Kind == PackerEventKind.Artifact) return; // Packer says them in ui lines too
        lock (error)
            error.WriteLine(value.Kind == PackerEventKind.Stage ? $"imagegate build: {text}" : text);
    }
}

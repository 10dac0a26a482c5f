using System.CommandLine;
using System.Text.Json;
using ImageGate.Core.Errors;
using ImageGate.Core.IO;
using ImageGate.Scanning;
using ImageGate.Scanning.Inventory;
using ImageGate.Scanning.Sbom;

namespace ImageGate.Cli.Commands.Scan;

/// <summary><c>imagegate inventory IMAGE</c>: the installed packages as JSON, SPDX 2.3 or CycloneDX 1.6.</summary>
public sealed class InventoryCommand : VerbCommand
{
    /// <summary>Creates the verb.</summary>
    public InventoryCommand(CliEnvironment env) : base("inventory", "List the installed packages of an image (SPDX, CycloneDX, JSON)", env)
    {
        Arguments.Add(Image);
        Options.Add(Format);
        Options.Add(Output);
        Options.Add(ImageName);
    }

    /// <summary>The image.</summary>
    public Argument<FileInfo> Image { get; } = new("IMAGE") { Description = "Disk image, root directory or tar archive" };

    /// <summary>Output format.</summary>
    public Option<string?> Format { get; } = new("--format") { Description = "json (default), spdx (SPDX 2.3 JSON) or cyclonedx (CycloneDX 1.6 JSON)" };

    /// <summary>Output file.</summary>
    public Option<FileInfo?> Output { get; } = new("--output", "-o") { Description = "Write to FILE instead of standard output" };

    /// <summary>Display name.</summary>
    public Option<string?> ImageName { get; } = new("--name") { Description = "Image name in the document (default: the file name)" };

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var format = (context.Get(Format) ?? "json").ToLowerInvariant();
        if (format is not ("json" or "spdx" or "cyclonedx"))
            throw new BadInputException($"--format '{format}' is not json, spdx or cyclonedx");
        var (fs, image) = ImageInput.Open(context, context.Get(Image)!, context.Get(ImageName));
        PackageInventory inventory;
        using (fs) inventory = PackageInventory.Read(fs);
        if (image.Format != "directory")
        {
            var (_, sha256, sha512) = await FileDigests.ComputeAsync(image.Path, cancellationToken).ConfigureAwait(false);
            image = image with { Sha256 = sha256, Sha512 = sha512 };
        }
        using var buffer = new MemoryStream();
        var subject = new SbomSubject(image, inventory.Os, inventory.Packages, context.Environment.Time.GetUtcNow());
        switch (format)
        {
            case "spdx": SpdxWriter.Write(subject, buffer); break;
            case "cyclonedx": CycloneDxWriter.Write(subject, buffer); break;
            default: ImageGate.Scanning.Reports.InventoryJsonWriter.Write(subject, buffer); break;
        }
        var output = context.Get(Output);
        if (output is not null) await File.WriteAllBytesAsync(context.Environment.ResolvePath(output.ToString()), buffer.ToArray(), cancellationToken).ConfigureAwait(false);
        else
        {
            await context.Environment.Out.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray())).ConfigureAwait(false);
        }
        return ExitCodes.Passed;
    }
}

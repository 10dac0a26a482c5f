using ImageGate.Core.Errors;

namespace ImageGate.Endorsement.Format;

/// <summary>An image version named as <c>NAME@VERSION</c>.</summary>
/// <param name="Name">The image name.</param>
/// <param name="Version">The image version.</param>
public sealed record ImageReference(string Name, string Version)
{
    /// <summary>Parses <c>NAME@VERSION</c>; bad input otherwise.</summary>
    public static ImageReference Parse(string text)
    {
        var at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1)
            throw new BadInputException($"'{text}' is not NAME@VERSION");
        return new ImageReference(ListFormat.ValidateName(text[..at]), ListFormat.ValidateName(text[(at + 1)..], "image version"));
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}@{Version}";
}

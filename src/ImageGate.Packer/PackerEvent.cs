namespace ImageGate.Packer;

/// <summary>One piece of progress from a Packer run, reported as it arrives.</summary>
/// <param name="Kind">What the event reports.</param>
/// <param name="Build">The build (Packer's target) it is about, or null for global lines.</param>
/// <param name="Text">The unescaped text (may hold several lines).</param>
public sealed record PackerEvent(PackerEventKind Kind, string? Build, string Text);

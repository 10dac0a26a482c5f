using ImageGate.Lists.Reading;

namespace ImageGate.Site.Check;

/// <summary>The outcome of <see cref="ImageCheck.CheckReferenceAsync"/>: the endorsed entry and what was pulled.</summary>
/// <param name="Image">The list's entry the pulled image matches.</param>
/// <param name="Reference">The digest reference that was pulled (<c>REGISTRY/REPOSITORY@sha256:…</c>).</param>
public sealed record RegistryImageCheck(SiteImage Image, string Reference);

namespace ImageGate.Lists.Reading;

/// <summary>A published list of currently endorsed images as a site reads it: from <c>endorsed-images.json</c>
/// (<see cref="EndorsedListReader"/>, where the publisher writes an <see cref="EndorsedList"/>) or from a HEPiX list.</summary>
/// <param name="Version">Always increases from one published list to the next.</param>
/// <param name="Created">When the list was composed.</param>
/// <param name="Expires">After this instant the list endorses nothing (sites freeze).</param>
/// <param name="Endorser">The endorser's identity as published (a string, or an object kept as its JSON text).</param>
/// <param name="Images">The images endorsed now.</param>
public sealed record SiteList(
    long Version,
    DateTimeOffset Created,
    DateTimeOffset Expires,
    string? Endorser,
    IReadOnlyList<SiteImage> Images);

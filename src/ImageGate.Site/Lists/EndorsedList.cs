namespace ImageGate.Site.Lists;

/// <summary>The published list of currently endorsed images (<c>endorsed-images.json</c>), as a site reads it.</summary>
/// <param name="Version">Always increases from one published list to the next.</param>
/// <param name="Created">When the list was composed.</param>
/// <param name="Expires">After this instant the list endorses nothing (sites freeze).</param>
/// <param name="Endorser">The endorser's identity as published (a string, or an object kept as its JSON text).</param>
/// <param name="Images">The images endorsed now.</param>
public sealed record EndorsedList(
    long Version,
    DateTimeOffset Created,
    DateTimeOffset Expires,
    string? Endorser,
    IReadOnlyList<EndorsedImage> Images);

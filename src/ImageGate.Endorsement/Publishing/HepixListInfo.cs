namespace ImageGate.Endorsement.Publishing;

/// <summary>What a HEPiX image list says beyond the endorsed list itself (see docs/list-format.md, HEPiX section).</summary>
/// <param name="Title">The list's title (<c>dc:title</c>).</param>
/// <param name="Description">The list's description (<c>dc:description</c>; default the title).</param>
/// <param name="ListUri">Where the list is published (<c>hv:uri</c>).</param>
/// <param name="Source">The list repository (<c>dc:source</c>).</param>
/// <param name="Vo">The virtual organisation the images are for (every image's <c>ad:group</c>).</param>
/// <param name="EndorserUri">A page or address of the endorser (every image's <c>ad:user:uri</c>; default <c>mailto:</c> the endorser's e-mail).</param>
/// <param name="CataloguePages">True when the HTML catalogue is published next to the list: <c>ad:mpuri</c> is then the image's page.</param>
public sealed record HepixListInfo(string Title, string? Description, string? ListUri, string? Source, string? Vo, string? EndorserUri, bool CataloguePages);

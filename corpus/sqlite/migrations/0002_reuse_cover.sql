-- A document's cover: the union of its side of its copied passages over all
-- its pair rows (normalised rune intervals outside formula text, JSON
-- [start,end,start,end,…]), which its reuse score measures. A new pair adds
-- to it without aligning the document again. NULL for documents stored
-- before covers were kept: the corpus derives it from their pair rows.
ALTER TABLE documents ADD COLUMN reuse_cover BLOB;

DROP TABLE publication_tags;
DROP TABLE tags;
DROP TABLE publication_speakers;
DROP TABLE publications;
DROP TABLE counters;
DROP TABLE clocks;
DROP TABLE contacts;
DROP TABLE site;

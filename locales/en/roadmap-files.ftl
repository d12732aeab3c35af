## Road maps: reading the file
validation-roadmap-unreadable = The file "{ $name }" cannot be read: { $why }

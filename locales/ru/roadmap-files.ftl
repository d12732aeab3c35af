## Road maps: reading the file
validation-roadmap-unreadable = Файл «{ $name }» не читается: { $why }

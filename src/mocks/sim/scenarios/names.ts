/**
 * Demo student names (ids 1001…): diverse, with an apostrophe (1012), non-ASCII letters (1003, 1005,
 * 1018, 1026, 1027, 1030) and HTML-like text (1028) to prove the UI renders names as text.
 */
export const DEMO_STUDENTS: readonly string[] = [
  'Amara Okafor',
  'Ben Whitfield',
  'Chloé Dubois',
  'Dmitri Volkov',
  'Elena Márquez',
  'Farah Haddad',
  'Gabriel Silva',
  'Hana Sato',
  'Isaac Goldberg',
  'Jamal Washington',
  'Kiri Te Awa',
  "Liam O'Brien",
  'Mei Lin Zhang',
  'Nikolai Petrov',
  'Oluwaseun Adeyemi',
  'Paula Nowak',
  'Quinn Harper',
  'Rosa Jiménez',
  'Sven Lindqvist',
  'Tariq Rahman',
  'Uma Krishnan',
  'Valentina Rossi',
  'Wei Chen',
  'Ximena Cruz',
  'Yusuf Demir',
  'Zoë Kowalczyk',
  'Nguyễn Thị Lan',
  'Sam <b>Bold</b> Taylor',
  'Aisha Mohammed',
  'Björn Åkesson',
]

export const FIRST_NAMES: readonly string[] = [
  'Ava', 'Noah', 'Sofia', 'Mateo', 'Aaliyah', 'Kenji', 'Ingrid', 'Kwame', 'Lucía', 'Arjun', 'Fatima', 'Oskar',
  'Mia', 'Tane', 'Yara', 'Luca', 'Anaïs', 'Dae-jung', 'Emeka', 'Freya', 'Hamza', 'Isla', 'Javier', 'Keira',
  'Leilani', 'Milan', 'Nadia', 'Omar', 'Priyanka', 'Rafael', 'Saoirse', 'Tomasz', 'Ulla', 'Vikram', 'Wanjiru', 'Xavier',
]
export const LAST_NAMES: readonly string[] = [
  'Abara', 'Bianchi', 'Castillo', 'Dlamini', 'Eriksen', 'Fujita', 'García', 'Hoang', 'Iyer', 'Jansen', 'Kowalski',
  'Laurent', 'Mbeki', 'Novak', "O'Neill", 'Park', 'Quispe', 'Ramírez', 'Schmidt', 'Tanaka', 'Usman', 'Varga',
  'Walker', 'Xu', 'Yilmaz', 'Zapata', 'Achebe', 'Brennan', 'Costa', 'Duarte',
]

; Inno Setup script for hubapp on Windows: installs dist\hubapp\ (built by installers/build on
; Windows) for every user of the computer.
;
;   iscc /DAppVersion=0.1.0 installers\windows\hubapp.iss
;     -> dist\hubapp-0.1.0-windows-x64-setup.exe
;
; UNTESTED HERE: written on Linux, where neither PyInstaller's Windows build nor Inno Setup can
; run. .github/workflows/build.yml builds it on a Windows runner.
;
; - Per machine: Program Files, needs administrator rights; Start-menu shortcut; an optional
;   "hubapp kiosk" shortcut (a task, off by default) and an optional desktop shortcut.
; - A hub's data lives in each user's %LOCALAPPDATA%\hubapp\hubapp, which this installer never
;   touches: not on install, not on upgrade, not on uninstall. Upgrading is running a newer
;   setup: the AppId below stays the same, so it replaces the program files in place; hubapp
;   copies the database to its backups\ folder before it changes its layout.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "hubapp"
#define SourceDir "..\..\dist\hubapp"

[Setup]
; Never change the AppId: it is how an upgrade finds the installed hubapp.
AppId={{6F0B7C53-2D6E-4E8B-9A2F-5B1E3D7C9A41}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=hubapp
AppComments=Members, groups, meetings and feedback for community hubs
DefaultDirName={autopf}\hubapp
DefaultGroupName=hubapp
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=hubapp-{#AppVersion}-windows-x64-setup
SetupIconFile=hubapp.ico
UninstallDisplayIcon={app}\hubapp.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; hubapp must not be running while its files are replaced.
CloseApplications=yes
RestartApplications=no

[Languages]
; Inno Setup ships no Welsh translation of its own wizard; an unofficial Welsh.isl can be
; added here once someone has checked it.
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "kiosk"; Description: "Add a Start-menu shortcut for the full-screen kiosk (for a visitors' computer)"; Flags: unchecked
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade starts from a clean program folder, so no file of an older version lingers.
; The folder holds only program files: the hub's data is in %LOCALAPPDATA%.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\hubapp"; Filename: "{app}\hubapp.exe"; Comment: "Members, groups, meetings and feedback"
Name: "{autoprograms}\hubapp kiosk"; Filename: "{app}\hubapp.exe"; Parameters: "kiosk"; Comment: "The full-screen kiosk for visitors"; Tasks: kiosk
Name: "{autodesktop}\hubapp"; Filename: "{app}\hubapp.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\hubapp.exe"; Description: "{cm:LaunchProgram,hubapp}"; Flags: nowait postinstall skipifsilent

; [UninstallDelete] is deliberately absent: uninstalling removes the program files only.
; %LOCALAPPDATA%\hubapp (the hub's database, its backups and logs) stays, so a reinstall
; finds the hub as it was. Removing it is a separate, deliberate step (docs/install.md).
